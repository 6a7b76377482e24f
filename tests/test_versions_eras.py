"""Version-dependent facts at the boundary releases named in each project's changelog."""
from __future__ import annotations

import pytest
from packaging.version import Version

from flake8_asyncloop.versions import (
    Basis,
    FastAPIFeatures,
    Httpx2Features,
    HttpxFeatures,
    PackageFeatures,
    PytestAsyncioFeatures,
    PytestFeatures,
    RedisFeatures,
    ResolvedVersion,
    StarletteFeatures,
    clear_cache,
    project_versions,
)


def at(features: type[PackageFeatures], version: str) -> PackageFeatures:
    return features(ResolvedVersion(features.package, Version(version), "a test", Basis.PINNED))


PYTEST_ASYNCIO_COLUMNS = (
    "event_loop_fixture", "event_loop_runs_unmarked_tests", "async_fixture_loop",
    "fixture_wider_than_event_loop_is_scope_mismatch", "scoped_loops", "scoped_loop_request", "loop_scope_keyword",
    "mark_scope_keyword", "loop_scope_needs_enclosing_collector", "default_fixture_loop_scope_option",
    "unset_default_fixture_loop_scope_warns", "default_test_loop_scope_option", "fixture_scope_value",
    "event_loop_policy_fixture", "loop_factories",
)
LOOP_SCOPE_MARK = "mark.asyncio(loop_scope=...)"
PYTEST_ASYNCIO_ROWS = {
    "0.21.2": ("the-loop", True, "event_loop", True, False, None, False, "absent", False, False, False, False, False,
               "absent", False),
    "0.22.0": ("deprecated", True, "asyncio_event_loop-mark", False, True, "asyncio_event_loop mark", False, "absent",
               False, False, False, False, False, "absent", False),
    "0.23.8": ("deprecated", True, "caching-scope", False, True, "mark.asyncio(scope=...)", False, "current", True,
               False, False, False, False, "current", False),
    "0.24.0": ("deprecated", True, "loop_scope", False, True, LOOP_SCOPE_MARK, True, "deprecated", True, True, True,
               False, False, "current", False),
    "0.25.3": ("deprecated", True, "loop_scope", False, True, LOOP_SCOPE_MARK, True, "deprecated", True, True, True,
               False, False, "current", False),
    "0.26.0": ("deprecated", True, "loop_scope", False, True, LOOP_SCOPE_MARK, True, "deprecated", True, True, True,
               True, False, "current", False),
    "1.0.0": ("removed", False, "loop_scope", False, True, LOOP_SCOPE_MARK, True, "deprecated", False, True, True,
              True, False, "current", False),
    "1.3.0": ("removed", False, "loop_scope", False, True, LOOP_SCOPE_MARK, True, "deprecated", False, True, True,
              True, False, "current", False),
    "1.4.0": ("removed", False, "loop_scope", False, True, LOOP_SCOPE_MARK, True, "deprecated", False, True, True,
              True, False, "deprecated", True),
    "1.5.0": ("removed", False, "loop_scope", False, True, LOOP_SCOPE_MARK, True, "deprecated", False, True, True,
              True, True, "deprecated", True),
}


@pytest.mark.parametrize("version", PYTEST_ASYNCIO_ROWS)
def test_pytest_asyncio_eras_at_boundary_versions(version: str) -> None:
    features = at(PytestAsyncioFeatures, version)
    actual = tuple(getattr(features, column) for column in PYTEST_ASYNCIO_COLUMNS)
    assert dict(zip(PYTEST_ASYNCIO_COLUMNS, actual)) == dict(zip(PYTEST_ASYNCIO_COLUMNS, PYTEST_ASYNCIO_ROWS[version]))


@pytest.mark.parametrize(
    ("version", "era"),
    [("0.21.2", "≤0.21"), ("0.23.8", "0.23"), ("0.25.3", "0.24–0.25"), ("0.26.0", "0.26"), ("1.3.0", "1.0–1.3"),
     ("1.4.1.post1", "1.4"), ("1.5.0", "1.5+")],
)
def test_pytest_asyncio_era_labels(version: str, era: str) -> None:
    assert at(PytestAsyncioFeatures, version).era == era


@pytest.mark.parametrize(
    ("version", "strict_default", "mode_option", "strict_warning", "cancels_tasks"),
    [("0.16.0", False, False, False, False), ("0.17.0", False, True, False, False),
     ("0.19.0", True, True, False, False), ("0.24.0", True, True, False, False),
     ("0.25.0", True, True, True, False), ("1.0.0", True, True, True, False), ("1.1.0", True, True, True, True)],
)
def test_pytest_asyncio_modes(version: str, strict_default: bool, mode_option: bool, strict_warning: bool,
                              cancels_tasks: bool) -> None:
    features = at(PytestAsyncioFeatures, version)
    assert features.strict_mode_default is strict_default
    assert features.asyncio_mode_option is mode_option
    assert features.async_pytest_fixture_in_strict_mode_warns is strict_warning
    assert features.cancels_tasks_at_loop_scope_end is cancels_tasks


@pytest.mark.parametrize(
    ("version", "test", "fixture"),
    [("4.3.1", "passes-silently", "unchecked"), ("4.4.0", "skipped-with-warning", "unchecked"),
     ("8.3.5", "skipped-with-warning", "unchecked"), ("8.4.0", "fails", "deprecation-warning"),
     ("9.0.3", "fails", "error-by-default"), ("9.1.0", "fails", "fails")],
)
def test_pytest_unhandled_async_code(version: str, test: str, fixture: str) -> None:
    features = at(PytestFeatures, version)
    assert (features.unhandled_async_test, features.unhandled_async_fixture) == (test, fixture)


@pytest.mark.parametrize(
    ("features", "version", "value"),
    [(HttpxFeatures, "0.26.0", "supported"), (HttpxFeatures, "0.27.0", "deprecated"),
     (HttpxFeatures, "0.27.2", "deprecated"), (HttpxFeatures, "0.28.0", "removed"),
     (Httpx2Features, "2.0.0", "never"), (Httpx2Features, "2.16.2", "never")],
)
def test_httpx_app_argument(features: type[HttpxFeatures], version: str, value: str) -> None:
    assert at(features, version).client_app_argument == value


@pytest.mark.parametrize(
    ("version", "on_event", "add_event_handler", "startup_arguments", "lifespan"),
    [
        ("0.13.4", "supported", "supported", "supported", False),
        ("0.22.0", "supported", "supported", "supported", True),
        ("0.23.0", "deprecated", "supported", "supported", True),
        ("0.26.0", "deprecated", "supported", "deprecated", True),
        ("0.52.1", "deprecated", "supported", "deprecated", True),
        ("1.0.0rc1", "removed", "removed", "removed", True),
        ("1.0.0", "removed", "removed", "removed", True),
    ],
)
def test_starlette_events(version: str, on_event: str, add_event_handler: str, startup_arguments: str,
                          lifespan: bool) -> None:
    features = at(StarletteFeatures, version)
    assert features.on_event_decorator == on_event
    assert features.add_event_handler == add_event_handler
    assert features.startup_shutdown_arguments == startup_arguments
    assert features.lifespan_argument is lifespan


@pytest.mark.parametrize(
    ("version", "on_event", "lifespan"),
    [("0.92.0", "supported", False), ("0.93.0", "deprecated-in-docs", True), ("0.103.2", "deprecated-in-docs", True),
     ("0.104.0", "deprecated", True), ("0.165.0", "deprecated", True)],
)
def test_fastapi_on_event(version: str, on_event: str, lifespan: bool) -> None:
    features = at(FastAPIFeatures, version)
    assert (features.on_event_decorator, features.lifespan_argument) == (on_event, lifespan)


@pytest.mark.parametrize(
    ("version", "module", "aclose", "close"),
    [("4.1.4", False, False, "absent"), ("4.2.0", True, False, "current"), ("5.0.0", True, False, "current"),
     ("5.0.1", True, True, "deprecated"), ("8.1.0", True, True, "deprecated")],
)
def test_redis_asyncio_closing(version: str, module: bool, aclose: bool, close: str) -> None:
    features = at(RedisFeatures, version)
    assert (features.asyncio_module, features.asyncio_aclose, features.asyncio_close) == (module, aclose, close)


def test_each_fact_cites_the_changelog_step_in_force() -> None:
    features = at(PytestAsyncioFeatures, "0.23.8")
    change = features.change("event_loop_fixture")
    assert change.since == "0.22.0" and "#587" in change.source
    assert "#1106" in at(PytestAsyncioFeatures, "1.0.0").change("event_loop_fixture").source
    assert "1.0.0 Removed" in PytestAsyncioFeatures.event_loop_fixture.__doc__
    assert set(Httpx2Features.facts()) == {"client_app_argument"}


def test_facts_and_phrases_come_from_the_project(tmp_path) -> None:
    clear_cache()
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text("pytest-asyncio==0.21.2\nhttpx>=0.27,<0.28\n")
    model = project_versions(tmp_path)
    assert model.pytest_asyncio.event_loop_fixture == "the-loop"
    assert model.pytest_asyncio.phrase == "pytest-asyncio 0.21.2 from requirements.txt:1"
    assert model.httpx.client_app_argument == "deprecated"
    assert model.httpx2.client_app_argument == "never"
    assert model.starlette.phrase == "starlette 1.10.0, newest known (no pin found)"
    assert model.starlette.on_event_decorator == "removed"
    assert model.fastapi.on_event_decorator == "deprecated"
    assert model.redis.asyncio_close == "deprecated"
    assert model.pytest.unhandled_async_test == "fails"


@pytest.mark.parametrize(("version", "in_loop"), [("1.3.0", False), ("1.4.0", True), ("1.5.0", True)])
def test_pytest_asyncio_sync_fixtures_run_in_the_runner_loop_from_1_4(version: str, in_loop: bool) -> None:
    assert at(PytestAsyncioFeatures, version).sync_fixtures_run_in_loop is in_loop
