"""What the loop-scope options of each pytest-asyncio era do, checked by probes that note each loop they run on.

Facts checked here:

* 0.24+: ``loop_scope=`` on fixtures and marks; a fixture without it, with
  ``asyncio_default_fixture_loop_scope`` unset, runs on the loop of its caching scope; the mark's old
  ``scope=`` keyword still works and warns; a session fixture with ``loop_scope="function"`` is a
  ``ScopeMismatch`` at setup (0.25, 0.26, 1.0 and 1.5 alike).
* The "option is unset" deprecation is emitted by every release from 0.24 to 1.5, but pytest 8.4 stopped
  showing warnings raised while plugins configure, so with pytest ≥ 8.4 nobody sees it.
* 0.26: ``asyncio_default_test_loop_scope``; 0.25 only warns that it is an unknown option.
* 1.5: ``asyncio_default_fixture_loop_scope = fixture-scope``, the unset behaviour without the warning; older
  releases fail at setup on that value.
* pytest 8.4 (not pytest-asyncio) turns an async test no plugin runs from a skip with a warning into a failure,
  and warns about a sync test requesting an async fixture no plugin runs, which pytest 9.0 makes an error.
"""

from __future__ import annotations

import pytest

from .catalogue import PYTEST_ASYNCIO_0_25, PYTEST_ASYNCIO_0_26, PYTEST_ASYNCIO_1_0, PYTEST_ASYNCIO_1_5
from .projects import SAMPLE_DIR

pytestmark = pytest.mark.evidence

LOOP_SCOPE_OPTIONS = SAMPLE_DIR / "probes" / "loop_scope_options"  # strict mode, the fixture default unset
DEFAULT_TEST_LOOP_SCOPE = SAMPLE_DIR / "probes" / "default_test_loop_scope"
FIXTURE_SCOPE_DEFAULT = SAMPLE_DIR / "probes" / "fixture_scope_default"

SHOW_DEPRECATIONS = {"PYTHONWARNINGS": "always::DeprecationWarning"}  # as a user who asks to see them
UNSET_WARNING = 'The configuration option "asyncio_default_fixture_loop_scope" is unset.'
PYTEST_8_3_ERAS = (PYTEST_ASYNCIO_0_25, PYTEST_ASYNCIO_0_26)  # both on pytest 8.3.5
PYTEST_8_4_ERAS = (PYTEST_ASYNCIO_1_0, PYTEST_ASYNCIO_1_5)  # on pytest 8.4.2 and 9.0.3
LOOP_SCOPE_ERAS = (*PYTEST_8_3_ERAS, *PYTEST_8_4_ERAS)


def by_era(*eras):
    return pytest.mark.parametrize("era", eras, ids=lambda era: era.name)


@by_era(*LOOP_SCOPE_ERAS)
def test_loop_scope_session_shares_the_loop_of_an_unset_default_session_fixture(era, era_run) -> None:
    run = era_run(LOOP_SCOPE_OPTIONS, era)
    (session_loop,) = run.loops_of("session fixture without loop_scope")
    assert run.loops_of("function fixture with loop_scope=session") == [session_loop], run.describe()
    assert run.loops_of("test with loop_scope=session") == [session_loop], run.describe()
    assert run.loops_of("test with scope=session") == [session_loop], run.describe()
    assert run.loops_of("test without loop_scope") != [session_loop], run.describe()


@by_era(*LOOP_SCOPE_ERAS)
def test_the_marks_scope_keyword_still_works_but_warns(era, era_run) -> None:
    run = era_run(LOOP_SCOPE_OPTIONS, era)
    assert run.outcomes()["test_marks.py::test_session_loop_by_the_old_keyword"] == "passed", run.describe()
    assert run.warned(
        "PytestDeprecationWarning", 'The "scope" keyword argument to the asyncio marker has been deprecated'
    ), run.describe()


@by_era(*LOOP_SCOPE_ERAS)
def test_a_loop_narrower_than_the_fixture_cache_is_a_scope_mismatch_at_setup(era, era_run) -> None:
    run = era_run(LOOP_SCOPE_OPTIONS, era)
    (failure,) = [failure for failure in run.failures if failure.test.startswith("test_narrow_loop.py::")]
    assert failure.when == "setup", run.describe()
    assert failure.matches("Failed", "ScopeMismatch: You tried to access the function scoped fixture"), run.describe()
    assert "with a session scoped request object" in failure.message


@by_era(*LOOP_SCOPE_ERAS)
def test_the_unset_fixture_default_warning_is_shown_only_before_pytest_8_4(era, era_run) -> None:
    run = era_run(LOOP_SCOPE_OPTIONS, era)
    assert (UNSET_WARNING in run.output) == (era in PYTEST_8_3_ERAS), run.describe()


def test_pytest_asyncio_1_5_still_emits_the_unset_warning(era_run) -> None:
    run = era_run(LOOP_SCOPE_OPTIONS, PYTEST_ASYNCIO_1_5, env=SHOW_DEPRECATIONS)
    assert UNSET_WARNING in run.output, run.describe()


@by_era(*LOOP_SCOPE_ERAS)
def test_pytest_8_4_fails_an_async_test_no_plugin_runs(era, era_run) -> None:
    run = era_run(LOOP_SCOPE_OPTIONS, era)
    test = "test_unmarked.py::test_async_test_without_the_asyncio_mark"
    if era in PYTEST_8_3_ERAS:
        assert run.outcomes()[test] == "skipped", run.describe()
        assert run.warned(
            "PytestUnhandledCoroutineWarning", "async def functions are not natively supported and have been skipped"
        )
    else:
        (failure,) = [failure for failure in run.failures if failure.test == test]
        assert failure.matches("Failed", "async def functions are not natively supported"), run.describe()


@by_era(*LOOP_SCOPE_ERAS)
def test_pytest_9_errors_on_an_async_fixture_no_plugin_runs(era, era_run) -> None:
    run = era_run(LOOP_SCOPE_OPTIONS, era)
    test = "test_unhandled_fixture.py::test_sync_test_requesting_an_unhandled_async_fixture"
    unhandled = "requested an async fixture 'unhandled_async_fixture', with no plugin or hook that handled it"
    pytest_version = era.versions["pytest"]
    if pytest_version.startswith("8.3."):  # only the coroutine, never awaited, gives it away
        assert run.outcomes()[test] == "passed", run.describe()
        assert run.warned("RuntimeWarning", "coroutine 'unhandled_async_fixture' was never awaited")
        assert not run.warned("PytestRemovedIn9Warning", unhandled)
    elif pytest_version.startswith("8.4."):
        assert run.outcomes()[test] == "passed", run.describe()
        assert run.warned("PytestRemovedIn9Warning", unhandled), run.describe()
    else:
        (failure,) = [failure for failure in run.failures if failure.test == test]
        assert failure.when == "setup" and failure.matches("PytestRemovedIn9Warning", unhandled), run.describe()


@by_era(PYTEST_ASYNCIO_0_25, PYTEST_ASYNCIO_0_26, PYTEST_ASYNCIO_1_5)
def test_the_default_test_loop_scope_arrives_in_0_26(era, era_run) -> None:
    run = era_run(DEFAULT_TEST_LOOP_SCOPE, era)
    assert run.exit_status == pytest.ExitCode.OK, run.describe()
    test_loops = run.loops_of("test")
    if era == PYTEST_ASYNCIO_0_25:
        assert len(set(test_loops)) == len(test_loops) == 4, run.describe()
        assert run.warned("PytestConfigWarning", "Unknown config option: asyncio_default_test_loop_scope")
    else:
        assert len(test_loops) == 4 and len(set(test_loops)) == 1, run.describe()


@by_era(PYTEST_ASYNCIO_0_26, PYTEST_ASYNCIO_1_0)
def test_fixture_scope_is_not_a_loop_scope_before_1_5(era, era_run) -> None:
    run = era_run(FIXTURE_SCOPE_DEFAULT, era, env=SHOW_DEPRECATIONS)
    expected = {
        PYTEST_ASYNCIO_0_26: ("KeyError", "fixture-scope"),
        PYTEST_ASYNCIO_1_0: ("FixtureLookupError", "fixture '_fixture-scope_event_loop' not found"),
    }[era]
    assert run.outcomes() and set(run.outcomes().values()) == {"error"}, run.describe()
    assert all(failure.when == "setup" and failure.matches(*expected) for failure in run.failures), run.describe()


def test_1_5_fixture_scope_runs_each_fixture_on_its_caching_scope_loop_without_warning(era_run) -> None:
    run = era_run(FIXTURE_SCOPE_DEFAULT, PYTEST_ASYNCIO_1_5, env=SHOW_DEPRECATIONS)
    assert run.exit_status == pytest.ExitCode.OK, run.describe()
    (session_loop,) = run.loops_of("session fixture")
    assert run.loops_of("function fixture") == run.loops_of("test"), run.describe()
    assert len(set(run.loops_of("test"))) == 2 and session_loop not in run.loops_of("test"), run.describe()
    assert UNSET_WARNING not in run.output, run.describe()
