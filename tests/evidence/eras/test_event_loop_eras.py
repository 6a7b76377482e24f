"""Which loop the event_loop fixture era ran what on, checked by probes that note each loop as they run.

Facts checked here (the era model the linter's pytest-asyncio rules rely on):

* ≤ 0.21: the ``event_loop`` fixture is the loop; every async fixture and test runs on it, and an async
  fixture wider than the default function-scoped ``event_loop`` is a ``ScopeMismatch``.
* 0.23–0.26: async fixtures run on the loop of their caching scope; an overridden session ``event_loop`` still
  runs the tests and function fixtures, but session fixtures run on a loop of their own (#706), even one that
  requests ``event_loop`` itself; an async test requesting ``event_loop`` is deprecated (0.21 said nothing).
  0.23.8 cannot reuse a conftest module fixture in a second module (#862).
* 1.0+: there is no ``event_loop`` fixture (``fixture 'event_loop' not found``); a project's own is an
  ordinary fixture whose loop runs nothing, and pytest-asyncio says nothing about it.
"""

from __future__ import annotations

import pytest

from .catalogue import (
    BASELINE_2023, PYTEST_ASYNCIO_0_23, PYTEST_ASYNCIO_0_25, PYTEST_ASYNCIO_0_26, PYTEST_ASYNCIO_1_0,
    PYTEST_ASYNCIO_1_5,
)
from .projects import SAMPLE_DIR
from .runner import EraRun

pytestmark = pytest.mark.evidence

SESSION_EVENT_LOOP = SAMPLE_DIR / "probes" / "session_event_loop"  # a session event_loop override
DEFAULT_EVENT_LOOP = SAMPLE_DIR / "probes" / "default_event_loop"  # session and module fixtures, no override

SESSION_FIXTURES = (
    "session fixture", "session fixture requesting event_loop",
    "session fixture depending on one that requests event_loop",
)


def by_era(*eras):
    return pytest.mark.parametrize("era", eras, ids=lambda era: era.name)


def loops(run: EraRun, *whos: str) -> set[int]:
    return {loop for who in whos for loop in run.loops_of(who)}


def failure_of(run: EraRun, test: str):
    (failure,) = [failure for failure in run.failures if failure.test == test]
    return failure


def test_0_21_runs_every_fixture_and_test_on_the_event_loop_fixture(era_run) -> None:
    run = era_run(SESSION_EVENT_LOOP, BASELINE_2023)
    assert run.exit_status == pytest.ExitCode.OK, run.describe()
    assert {entry["loop"] for entry in run.loops} == set(run.loops_of("event_loop fixture")), run.describe()
    assert not run.warnings, "0.21 neither deprecates the override nor an async test requesting event_loop"


@by_era(PYTEST_ASYNCIO_0_23, PYTEST_ASYNCIO_0_25, PYTEST_ASYNCIO_0_26)
def test_0_23_to_0_26_run_session_fixtures_beside_the_overridden_event_loop(era, era_run) -> None:
    run = era_run(SESSION_EVENT_LOOP, era)
    assert run.exit_status == pytest.ExitCode.OK, run.describe()
    (event_loop,) = run.loops_of("event_loop fixture")
    assert loops(run, "test", "function fixture", "test requesting event_loop") == {event_loop}, run.describe()
    session_loops = loops(run, *SESSION_FIXTURES)
    assert len(session_loops) == 1 and event_loop not in session_loops, run.describe()
    assert run.warned("DeprecationWarning", "The event_loop fixture provided by pytest-asyncio has been redefined")
    assert run.warned("PytestDeprecationWarning", 'is asynchronous and explicitly requests the "event_loop" fixture')


@by_era(PYTEST_ASYNCIO_1_0, PYTEST_ASYNCIO_1_5)
def test_1_x_treats_a_project_event_loop_fixture_as_an_ordinary_fixture(era, era_run) -> None:
    run = era_run(SESSION_EVENT_LOOP, era)
    assert run.exit_status == pytest.ExitCode.OK, run.describe()
    (given,) = run.loops_of("event_loop given to the test")
    assert run.loops_of("event_loop fixture") == [given]  # made only for the test that asked for it
    assert run.loops_of("test requesting event_loop") != [given]
    test_loops = run.loops_of("test")
    assert len(set(test_loops)) == len(test_loops) == 3 and not loops(run, *SESSION_FIXTURES) & set(test_loops)
    assert not run.warnings, run.describe()  # no word about the ignored override


def test_0_21_refuses_async_fixtures_wider_than_the_default_event_loop(era_run) -> None:
    run = era_run(DEFAULT_EVENT_LOOP, BASELINE_2023)
    setup_errors = {failure.test: failure for failure in run.failures if failure.when == "setup"}
    for test, scope in [
        ("test_first_module.py::test_session_fixture", "session"),
        ("test_first_module.py::test_module_fixture", "module"),
        ("test_second_module.py::test_both_fixtures", "session"),
    ]:
        assert setup_errors[test].matches(
            "Failed", f"ScopeMismatch: You tried to access the function scoped fixture event_loop with a {scope}"
            " scoped request object"
        ), run.describe()


@by_era(BASELINE_2023, PYTEST_ASYNCIO_0_23, PYTEST_ASYNCIO_0_25)
def test_before_1_0_the_requested_event_loop_is_the_loop_running_the_test(era, era_run) -> None:
    run = era_run(DEFAULT_EVENT_LOOP, era)
    assert run.outcomes()["test_first_module.py::test_requesting_event_loop"] == "passed", run.describe()
    assert run.loops_of("event_loop given to the test") == run.loops_of("test requesting event_loop")


@by_era(PYTEST_ASYNCIO_0_23, PYTEST_ASYNCIO_0_25, PYTEST_ASYNCIO_1_5)
def test_async_fixtures_run_on_the_loop_of_their_caching_scope(era, era_run) -> None:
    run = era_run(DEFAULT_EVENT_LOOP, era)
    (session_loop,) = run.loops_of("session fixture")
    first_module_loop = run.loops_of("module fixture")[0]
    test_loops = run.loops_of("test")
    assert session_loop != first_module_loop, run.describe()
    assert len(set(test_loops)) == len(test_loops), "each test gets a loop of its own"
    assert not {session_loop, first_module_loop} & set(test_loops), run.describe()


def test_0_23_cannot_reuse_a_conftest_module_fixture_in_a_second_module(era_run) -> None:
    run = era_run(DEFAULT_EVENT_LOOP, PYTEST_ASYNCIO_0_23)
    assert failure_of(run, "test_second_module.py::test_both_fixtures").matches(
        "FixtureLookupError", "fixture 'test_first_module.py::<event_loop>' not found"
    ), run.describe()


@by_era(PYTEST_ASYNCIO_0_25, PYTEST_ASYNCIO_1_5)
def test_since_0_24_each_module_gets_its_own_module_fixture_loop(era, era_run) -> None:
    run = era_run(DEFAULT_EVENT_LOOP, era)
    module_loops = run.loops_of("module fixture")
    assert len(module_loops) == len(set(module_loops)) == 2, run.describe()


@by_era(PYTEST_ASYNCIO_1_0, PYTEST_ASYNCIO_1_5)
def test_1_x_has_no_event_loop_fixture(era, era_run) -> None:
    run = era_run(DEFAULT_EVENT_LOOP, era)
    failure = failure_of(run, "test_first_module.py::test_requesting_event_loop")
    assert failure.when == "setup" and failure.matches("FixtureLookupError", "fixture 'event_loop' not found")
