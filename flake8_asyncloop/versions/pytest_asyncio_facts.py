"""pytest-asyncio's event-loop semantics by release, from its changelog (docs/reference/changelog.rst of the
1.5.0 sdist) and, where the changelog is terse, the plugin source of the release named.

Eras, as the properties below encode them:

- ≤0.21: the ``event_loop`` fixture is the loop of every async test and fixture; its scope is the loop's.
- 0.22 (yanked): class/module loops through the ``asyncio_event_loop`` mark; overriding ``event_loop``
  deprecated.
- 0.23: a loop per scope, requested with ``mark.asyncio(scope=...)``; async fixtures run on the loop of
  their caching scope; ``event_loop`` (deprecated to override) still runs unmarked function tests.
- 0.24–0.25: ``loop_scope=`` on fixtures and marks, ``scope=`` on the mark deprecated,
  ``asyncio_default_fixture_loop_scope`` (unset: caching scope, with a deprecation warning).
- 0.26: ``asyncio_default_test_loop_scope``.
- 1.0–1.3: ``event_loop`` removed.
- 1.4: loop factories; overriding ``event_loop_policy`` deprecated.
- 1.5: ``fixture-scope`` value for ``asyncio_default_fixture_loop_scope``.
"""
from __future__ import annotations

from .facts import Change, PackageFeatures, VersionFact


class PytestAsyncioFeatures(PackageFeatures):
    """What pytest-asyncio does with event loops at the version a project runs."""

    package = "pytest-asyncio"

    era = VersionFact(
        "A label of the era, for messages only: rules read the properties below.",
        Change("0", "≤0.21", "Before 0.22.0."),
        Change("0.22.0", "0.22", "0.22.0 (yanked): asyncio_event_loop mark."),
        Change("0.23.0", "0.23", "0.23.0: the asyncio_event_loop mark has been removed; scope= on the asyncio mark."),
        Change("0.24.0", "0.24–0.25", "0.24.0: loop_scope keyword argument."),
        Change("0.26.0", "0.26", "0.26.0: asyncio_default_test_loop_scope."),
        Change("1.0.0", "1.0–1.3", "1.0.0: event_loop fixture removed."),
        Change("1.4.0", "1.4", "1.4.0: pytest_asyncio_loop_factories hook."),
        Change("1.5.0", "1.5+", "1.5.0: fixture-scope value."),
    )
    event_loop_fixture = VersionFact(
        'The ``event_loop`` fixture: "the-loop" (the loop of async tests and fixtures), "deprecated" '
        '(overriding it, or requesting it from async code, warns), "removed".',
        Change("0", "the-loop", "0.14.0: event_loop fixture behavior now is coherent on all scopes (#164)."),
        Change("0.22.0", "deprecated", "0.22.0: Deprecate redefinition of the event_loop fixture (#587); async "
               "fixtures and tests requesting event_loop warn (plugin source, 0.22.0 to 0.26.0)."),
        Change("1.0.0", "removed", "1.0.0 Removed: The deprecated event_loop fixture (#1106)."),
    )
    event_loop_runs_unmarked_tests = VersionFact(
        "Whether an (overridden) ``event_loop`` fixture is still the loop of async function tests without a "
        "loop scope: true until the fixture is removed.",
        Change("0", True, "≤0.26: unmarked function-scoped tests run in the event_loop fixture (plugin source)."),
        Change("1.0.0", False, "1.0.0 Removed: The deprecated event_loop fixture (#1106)."),
    )
    async_fixture_loop = VersionFact(
        'Which loop an async fixture runs on: "event_loop" (the event_loop fixture it requests), '
        '"asyncio_event_loop-mark" (the loop of the class/module carrying that mark, else event_loop), '
        '"caching-scope" (the loop of its own scope), "loop_scope" (its loop_scope=, else the '
        "asyncio_default_fixture_loop_scope option, else its caching scope).",
        Change("0", "event_loop", "≤0.21: async fixtures are run by requesting the event_loop fixture."),
        Change("0.22.0", "asyncio_event_loop-mark", "0.22.0: loops requested via the asyncio_event_loop mark (#620)."),
        Change("0.23.0", "caching-scope", "0.23.x Known issues: pytest-asyncio assumes that async fixture scope is "
               "correlated with the new event loop scope (#706)."),
        Change("0.24.0", "loop_scope", "0.24.0: loop_scope on pytest_asyncio.fixture and the "
               "asyncio_default_fixture_loop_scope configuration option (c74d1c3)."),
    )
    fixture_wider_than_event_loop_is_scope_mismatch = VersionFact(
        "Whether an async fixture with a wider scope than the event_loop it gets fails with ScopeMismatch.",
        Change("0", True, "≤0.21: async fixtures request event_loop, so pytest's scope rules apply to it."),
        Change("0.22.0", False, "0.22.0/0.23.0: async fixtures get a loop of a matching scope (#620, #706)."),
    )
    scoped_loops = VersionFact(
        "Whether loops wider than one test exist without overriding event_loop.",
        Change("0", False, "≤0.21: a wider loop needs a wider event_loop fixture."),
        Change("0.22.0", True, "0.22.0: Class-scoped and module-scoped event loops can be requested (#620)."),
    )
    scoped_loop_request = VersionFact(
        "How a test asks for a wider loop: None, the asyncio_event_loop mark, mark.asyncio(scope=...) or "
        "mark.asyncio(loop_scope=...).",
        Change("0", None, "≤0.21: only by overriding event_loop."),
        Change("0.22.0", "asyncio_event_loop mark", "0.22.0: via the asyncio_event_loop mark (#620)."),
        Change("0.23.0", "mark.asyncio(scope=...)", "0.23.0: BREAKING: The asyncio_event_loop mark has been "
               "removed. Event loops with class, module, package, and session scopes can be requested via the "
               "scope keyword argument to the asyncio mark."),
        Change("0.24.0", "mark.asyncio(loop_scope=...)", "0.24.0: Adds an optional loop_scope keyword argument to "
               "pytest.mark.asyncio (#706, #871)."),
    )
    loop_scope_keyword = VersionFact(
        "Whether ``loop_scope=`` is accepted by ``pytest_asyncio.fixture`` and ``pytest.mark.asyncio``.",
        Change("0", False, "Before 0.24.0."),
        Change("0.24.0", True, "0.24.0: loop_scope keyword argument to pytest.mark.asyncio (#871); "
               "pytest_asyncio.fixture(loop_scope=...) in the same release's source."),
    )
    mark_scope_keyword = VersionFact(
        '``pytest.mark.asyncio(scope=...)``: "absent", "current" or "deprecated".',
        Change("0", "absent", "Before 0.23.0."),
        Change("0.23.0", "current", "0.23.0: scopes requested via the scope keyword argument to the asyncio mark."),
        Change("0.24.0", "deprecated", "0.24.0: Deprecates the optional scope keyword argument to "
               "pytest.mark.asyncio; use loop_scope (still deprecated, not removed, in 1.5.0)."),
    )
    loop_scope_needs_enclosing_collector = VersionFact(
        "Whether a scoped mark needs a collector of that scope around the test (a class for class scope).",
        Change("0", False, "No scoped marks before 0.23.0."),
        Change("0.23.0", True, "0.23.0 to 0.26.0: the scope must exist around the test."),
        Change("1.0.0", False, "1.0.0: loop_scope no longer forces that a pytest Collector exists at the level "
               "of the specified scope (#1112)."),
    )
    default_fixture_loop_scope_option = VersionFact(
        "Whether the ``asyncio_default_fixture_loop_scope`` ini option exists.",
        Change("0", False, "Before 0.24.0."),
        Change("0.24.0", True, "0.24.0: Added the asyncio_default_fixture_loop_scope configuration option."),
    )
    unset_default_fixture_loop_scope_warns = VersionFact(
        "Whether leaving ``asyncio_default_fixture_loop_scope`` unset emits a PytestDeprecationWarning "
        "(the fixture loop scope then defaults to the caching scope).",
        Change("0", False, "Before 0.24.0 the option does not exist."),
        Change("0.24.0", True, "0.24.0 plugin source: 'asyncio_default_fixture_loop_scope is unset' warning; "
               "1.4.0 rewords it (#1298); still emitted by 1.5.0."),
    )
    default_test_loop_scope_option = VersionFact(
        "Whether the ``asyncio_default_test_loop_scope`` ini option exists.",
        Change("0", False, "Before 0.26.0."),
        Change("0.26.0", True, "0.26.0: configuration option that sets default event loop scope for all tests "
               "(#793)."),
    )
    fixture_scope_value = VersionFact(
        "Whether ``asyncio_default_fixture_loop_scope = fixture-scope`` is accepted.",
        Change("0", False, "Before 1.5.0."),
        Change("1.5.0", True, "1.5.0 Added: A fixture-scope value for asyncio_default_fixture_loop_scope (#1095)."),
    )
    event_loop_policy_fixture = VersionFact(
        'The ``event_loop_policy`` fixture: "absent", "current" or "deprecated" (to override).',
        Change("0", "absent", "Before 0.23.0."),
        Change("0.23.0", "current", "0.23.0: Introduces the event_loop_policy fixture (#662)."),
        Change("1.4.0", "deprecated", "1.4.0 Deprecated: Overriding the event_loop_policy fixture (#1419)."),
    )
    loop_factories = VersionFact(
        "Whether the ``pytest_asyncio_loop_factories`` hook and ``mark.asyncio(loop_factories=...)`` exist.",
        Change("0", False, "Before 1.4.0."),
        Change("1.4.0", True, "1.4.0 Added: the pytest_asyncio_loop_factories hook (#1164)."),
    )
    sync_fixtures_run_in_loop = VersionFact(
        "Whether a sync ``@pytest_asyncio.fixture`` runs with the runner's loop set as the current loop "
        "(``asyncio.get_event_loop()`` there returns the loop the tests run on).",
        Change("0", False, "Before 1.4.0 a sync pytest_asyncio.fixture is a plain pytest fixture."),
        Change("1.4.0", True, "1.4.0 plugin source: _wrap_sync_fixture runs it inside "
               "_temporary_event_loop(runner.get_loop())."),
    )
    asyncio_mode_option = VersionFact(
        "Whether the ``asyncio_mode`` option (strict/auto) exists.",
        Change("0", False, "Before 0.17.0."),
        Change("0.17.0", True, "0.17.0: Added the plugin modes: strict, auto, and legacy (#125)."),
    )
    strict_mode_default = VersionFact(
        "Whether strict mode is the default: unmarked async tests and undecorated async fixtures are ignored.",
        Change("0", False, "0.17.0 and 0.18.x default to legacy mode."),
        Change("0.19.0", True, "0.19.0: BREAKING: The default asyncio_mode is now strict (#293)."),
    )
    async_pytest_fixture_in_strict_mode_warns = VersionFact(
        "Whether an asyncio test requesting an async ``@pytest.fixture`` in strict mode warns.",
        Change("0", False, "Before 0.25.0."),
        Change("0.25.0", True, "0.25.0 Deprecated: warning when asyncio test requests async @pytest.fixture in "
               "strict mode (#979)."),
    )
    cancels_tasks_at_loop_scope_end = VersionFact(
        "Whether tasks still pending when a loop scope ends are cancelled.",
        Change("0", False, "Before 1.1.0."),
        Change("1.1.0", True, "1.1.0 Added: Cancellation of tasks when the loop_scope ends (#200)."),
    )
    shuts_down_asyncgens_before_close = VersionFact(
        "Whether ``loop.shutdown_asyncgens()`` runs before a test loop is closed.",
        Change("0", False, "Before 0.25.2."),
        Change("0.25.2", True, "0.25.2: Call loop.shutdown_asyncgens() before closing the event loop (#1034)."),
    )
