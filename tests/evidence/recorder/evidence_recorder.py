"""A pytest plugin loaded into every evidence project run: it records, as JSON, what went wrong and how.

The suite decides whether a bad project failed *for the documented reason* from these records, not
from junit's text, because junit's details hold the failing test's own source lines: a project that
fails for an unrelated reason would still "show" a symptom that is written in its source.  So only
exception types and messages are kept, never tracebacks or source.

Recorded, each with the test's nodeid and phase:

* every failed or errored phase (and failed collection): the exception, its causes and contexts and
  the members of exception groups, each as its ``module.QualName`` type and ``str()``;
* warnings pytest captured (category and message);
* unraisable exceptions (a ``__del__`` or weakref callback that raised), straight from
  ``sys.unraisablehook``;
* ``logging`` records at WARNING or above, e.g. asyncio's "Task exception was never retrieved".

Finalisers run when the garbage collector gets to them, which made GC-dependent symptoms come and go
between runs.  The plugin collects garbage at the end of each test's teardown, so what a test leaked
is finalised, and reported, inside that test's teardown.

Usage: ``PYTHONPATH=<this dir> pytest -p evidence_recorder --evidence-record=record.json``.
"""

from __future__ import annotations

import gc
import json
import logging
import sys
import warnings
from collections.abc import Iterator

import pytest

# A single collection does not always free everything: a freed object can make another one
# collectable.  pytest collects this many times at session end for the same reason.
GC_PASSES = 5
# pytest's warnings for unraisable and thread exceptions embed a formatted traceback (source lines);
# only their first line is kept.  The exception itself is recorded from the hook.
_TRACEBACK_CARRYING_WARNINGS = (pytest.PytestUnraisableExceptionWarning, pytest.PytestUnhandledThreadExceptionWarning)


def qualified_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def exception_message(exception: BaseException) -> str:
    """``str(exception)``; pytest's FixtureLookupError keeps its message out of ``str()``."""
    if hasattr(exception, "formatrepr") and hasattr(exception, "argname"):
        return exception.formatrepr().errorstring
    return str(exception)


def describe(exception: BaseException) -> list[dict[str, str]]:
    """The exception, then everything chained to it or grouped in it, each with how it is related."""
    described: list[dict[str, str]] = []
    seen: set[int] = set()

    def visit(current: BaseException | None, relation: str) -> None:
        if current is None or id(current) in seen:
            return
        seen.add(id(current))
        described.append({
            "relation": relation, "type": qualified_name(type(current)), "message": exception_message(current),
        })
        for member in getattr(current, "exceptions", None) or ():
            visit(member, "group member")
        visit(current.__cause__, "cause")
        if not current.__suppress_context__:  # ``raise ... from None``: Python does not report it either
            visit(current.__context__, "context")

    visit(exception, "raised")
    return described


class _LogRecorder(logging.Handler):
    def __init__(self, recorder: Recorder) -> None:
        super().__init__(level=logging.WARNING)
        self.recorder = recorder

    def emit(self, record: logging.LogRecord) -> None:
        exception = record.exc_info[1] if record.exc_info else None
        self.recorder.add("log_records", {
            "logger": record.name, "level": record.levelname, "message": record.getMessage(),
            "exceptions": describe(exception) if exception is not None else [],
        })


class Recorder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.where = {"nodeid": "", "phase": "session"}
        self.record: dict[str, list[dict]] = {"failures": [], "warnings": [], "unraisables": [], "log_records": []}
        self.log_handler = _LogRecorder(self)
        self.previous_unraisablehook = None

    def add(self, channel: str, entry: dict) -> None:
        self.record[channel].append({**self.where, **entry})

    def unraisablehook(self, unraisable) -> None:
        self.add("unraisables", {
            "context": unraisable.err_msg or "Exception ignored in",
            "object": repr(unraisable.object)[:200],
            "exceptions": describe(unraisable.exc_value) if unraisable.exc_value is not None else [],
        })
        self.previous_unraisablehook(unraisable)

    def start(self) -> None:
        # Called from pytest_configure, after pytest's unraisableexception plugin installed its hook:
        # wrap that hook, so both see every unraisable exception.
        self.previous_unraisablehook = sys.unraisablehook
        sys.unraisablehook = self.unraisablehook
        logging.getLogger().addHandler(self.log_handler)

    def stop(self) -> None:
        self.where = {"nodeid": "", "phase": "session end"}
        collect_garbage()
        logging.getLogger().removeHandler(self.log_handler)
        sys.unraisablehook = self.previous_unraisablehook
        with open(self.path, "w", encoding="utf-8") as file:
            json.dump(self.record, file, indent=1)

    def _in_phase(self, item: pytest.Item, phase: str) -> Iterator[None]:
        self.where = {"nodeid": item.nodeid, "phase": phase}
        try:
            return (yield)
        finally:
            self.where = {"nodeid": "", "phase": "between tests"}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Iterator[None]:
        return (yield from self._in_phase(item, "setup"))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        return (yield from self._in_phase(item, "call"))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
        return (yield from self._in_phase(item, "teardown"))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
        report = yield
        if report.failed and call.excinfo is not None:
            self.add_failure(report.nodeid, call.when, call.excinfo.value)
        return report

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        call = getattr(report, "call", None)  # pytest keeps the CallInfo on a collect report
        if report.failed and call is not None and call.excinfo is not None:
            self.add_failure(report.nodeid, "collect", call.excinfo.value)

    def add_failure(self, nodeid: str, phase: str, exception: BaseException) -> None:
        self.record["failures"].append({"nodeid": nodeid, "phase": phase, "exceptions": describe(exception)})

    def pytest_warning_recorded(self, warning_message: warnings.WarningMessage, when: str, nodeid: str) -> None:
        message = str(warning_message.message)
        if issubclass(warning_message.category, _TRACEBACK_CARRYING_WARNINGS):
            message = message.split("\n", 1)[0]
        self.record["warnings"].append({
            "nodeid": nodeid, "phase": when, "category": qualified_name(warning_message.category), "message": message,
        })


def collect_garbage() -> None:
    for _ in range(GC_PASSES):
        gc.collect()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--evidence-record", metavar="PATH", help="write what went wrong in this run to PATH as JSON")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("evidence_record")
    if path:
        recorder = Recorder(path)
        config.pluginmanager.register(recorder, "evidence-recorder")
        recorder.start()
        config.add_cleanup(recorder.stop)


@pytest.fixture(autouse=True)
def _evidence_recorder_finalises_what_the_test_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """Set up before the test's other function-scoped fixtures, so torn down after them (and after
    pytest-asyncio's per-test loop): drop the test's fixture values, which pytest would only drop after
    the teardown phase, and collect garbage, so finalisers run while the test is still being torn down
    and pytest reports what they raise against this test."""
    yield
    request.node.funcargs.clear()
    collect_garbage()
