"""The recorder plugin, end to end: a small project (no services) run the way every evidence project is
run, and what it recorded on each channel, attributed to the test that caused it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from .harness import ProjectRun, run_project
from .record import Entry, RecordedException

PROJECT = {
    "conftest.py": """
        import gc

        import pytest

        # Only explicit collections: a finaliser then runs in the test that leaked its object only if the
        # recorder collects there; otherwise pytest's last collection, at session end, finds it.
        gc.disable()


        class Handle:
            def __del__(self):
                raise RuntimeError("handle finalised")


        @pytest.fixture
        def handle():
            return Handle()
    """,
    "test_channels.py": """
        import asyncio
        import logging
        import warnings

        try:
            ExceptionGroup
        except NameError:  # Python 3.10
            from exceptiongroup import ExceptionGroup


        class Leak:
            def __init__(self):
                self.myself = self  # a cycle: only the garbage collector frees it

            def __del__(self):
                raise RuntimeError("finalised too late")


        def test_cause():
            try:
                {}["greetings"]
            except KeyError as error:
                raise AttributeError("'State' object has no attribute 'greetings'") from error


        def test_context():
            try:
                {}["greetings"]
            except KeyError:
                raise ValueError("while handling the missing key")


        def test_group():
            raise ExceptionGroup("several", [ValueError("first"), TypeError("second")])


        def test_warning():
            warnings.warn("coroutine 'CartStore.clear' was never awaited", RuntimeWarning)


        def test_log_record():
            logging.getLogger("app").error("disk full", exc_info=OSError(28, "No space left on device"))
            logging.getLogger("app").info("below WARNING: not recorded")


        def test_leak_in_a_cycle():
            Leak()


        def test_fixture_value(handle):
            pass


        def test_task_exception_never_retrieved():
            async def fail():
                raise RuntimeError("worker died")

            async def main():
                asyncio.get_running_loop().create_task(fail())
                await asyncio.sleep(0.01)

            asyncio.run(main())
    """,
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> ProjectRun:
    project = tmp_path_factory.mktemp("recorded-project")
    for name, text in PROJECT.items():
        (project / name).write_text(textwrap.dedent(text).lstrip())
    return run_project(Path(project))


def _entries(run: ProjectRun, channel: str, test: str) -> list[Entry]:
    return [entry for entry in run.record.on(channel) if entry.nodeid == f"test_channels.py::{test}"]


def _exceptions(entry: Entry) -> list[tuple[str, str, str]]:
    return [(exception.relation, exception.type, exception.message) for exception in entry.exceptions]


def test_a_failure_is_recorded_with_its_cause(run: ProjectRun) -> None:
    (entry,) = _entries(run, "failure", "test_cause")
    assert entry.phase == "call"
    assert _exceptions(entry) == [
        ("raised", "builtins.AttributeError", "'State' object has no attribute 'greetings'"),
        ("cause", "builtins.KeyError", "'greetings'"),
    ]


def test_a_failure_is_recorded_with_its_context(run: ProjectRun) -> None:
    (entry,) = _entries(run, "failure", "test_context")
    assert _exceptions(entry) == [
        ("raised", "builtins.ValueError", "while handling the missing key"),
        ("context", "builtins.KeyError", "'greetings'"),
    ]


def test_the_members_of_an_exception_group_are_recorded(run: ProjectRun) -> None:
    (entry,) = _entries(run, "failure", "test_group")
    assert entry.exceptions[0].type.endswith(".ExceptionGroup")
    assert _exceptions(entry)[1:] == [
        ("group member", "builtins.ValueError", "first"),
        ("group member", "builtins.TypeError", "second"),
    ]


def test_a_warning_is_recorded_by_category_and_message(run: ProjectRun) -> None:
    (entry,) = _entries(run, "warning", "test_warning")
    assert entry.category == "builtins.RuntimeWarning"
    assert entry.message == "coroutine 'CartStore.clear' was never awaited"


def test_log_records_from_warning_up_are_recorded_with_their_exception(run: ProjectRun) -> None:
    (entry,) = _entries(run, "log", "test_log_record")
    assert entry.message == "disk full"
    assert entry.exceptions == (RecordedException("raised", "builtins.OSError", "[Errno 28] No space left on device"),)


def test_a_leak_is_finalised_and_reported_in_the_teardown_of_the_test_that_leaked_it(run: ProjectRun) -> None:
    (entry,) = _entries(run, "unraisable", "test_leak_in_a_cycle")
    assert entry.phase == "teardown"
    assert _exceptions(entry) == [("raised", "builtins.RuntimeError", "finalised too late")]
    (warning,) = _entries(run, "warning", "test_leak_in_a_cycle")  # pytest's own report, on the same test
    assert warning.category == "pytest.PytestUnraisableExceptionWarning"
    assert "Traceback" not in warning.message and "\n" not in warning.message, "no source text is recorded"


def test_a_fixture_value_is_finalised_in_its_test_s_teardown(run: ProjectRun) -> None:
    (entry,) = _entries(run, "unraisable", "test_fixture_value")
    assert entry.phase == "teardown"
    assert _exceptions(entry) == [("raised", "builtins.RuntimeError", "handle finalised")]


def test_asyncio_s_task_exception_never_retrieved_is_recorded(run: ProjectRun) -> None:
    (entry,) = _entries(run, "log", "test_task_exception_never_retrieved")
    assert entry.message.startswith("Task exception was never retrieved")
    assert _exceptions(entry) == [("raised", "builtins.RuntimeError", "worker died")]


def test_nothing_is_left_for_the_end_of_the_session(run: ProjectRun) -> None:
    assert [entry.describe() for entry in run.record.entries if not entry.nodeid] == []
