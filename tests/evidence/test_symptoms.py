"""The symptom matcher accepts a documented symptom only by its type and message, on its channel.

Most of these feed hand-written recorder JSON (the format recorder/evidence_recorder.py writes); the
last two run a one-file project through the recorder.  No services.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cases import ANOTHER_OPERATION
from .harness import run_project
from .record import Record, Symptom, logged, warning

SYMPTOM_TEXT = "another operation is in progress"
ASYNCPG_ERROR = {
    "relation": "raised", "type": "asyncpg.exceptions._base.InterfaceError",
    "message": f"cannot perform operation: {SYMPTOM_TEXT}",
}


def _record(failures=(), warnings=(), unraisables=(), log_records=()) -> Record:
    return Record.from_json(json.dumps({
        "failures": list(failures), "warnings": list(warnings),
        "unraisables": list(unraisables), "log_records": list(log_records),
    }))


def _failure(*exceptions: dict, nodeid: str = "test_stock.py::test_sold_out_sku") -> dict:
    return {"nodeid": nodeid, "phase": "call", "exceptions": list(exceptions)}


def test_an_unrelated_failure_is_not_the_symptom_even_where_everything_else_names_it() -> None:
    """The old matcher searched junit text, which holds the failing test's source: a ConnectionError
    raised next to a line mentioning the symptom passed.  Only type and message count now."""
    record = _record(
        failures=[_failure(
            {"relation": "raised", "type": "builtins.ConnectionError",
             "message": "[Errno 111] Connect call failed ('127.0.0.1', 5432)"},
            nodeid=f"test_stock.py::test_no_{SYMPTOM_TEXT.replace(' ', '_')}",
        )],
        warnings=[{"nodeid": "", "phase": "runtest", "category": "builtins.UserWarning", "message": SYMPTOM_TEXT}],
        log_records=[{"nodeid": "", "phase": "call", "logger": "app", "level": "ERROR", "message": SYMPTOM_TEXT,
                      "exceptions": []}],
    )
    assert not ANOTHER_OPERATION.shown_by(record)


def test_the_test_s_own_assertion_quoting_the_symptom_is_not_the_symptom() -> None:
    record = _record(failures=[_failure({"relation": "raised", "type": "builtins.AssertionError",
                                         "message": f"expected: {SYMPTOM_TEXT}"})])
    assert not ANOTHER_OPERATION.shown_by(record)


def test_the_documented_exception_is_the_symptom() -> None:
    assert ANOTHER_OPERATION.shown_by(_record(failures=[_failure(ASYNCPG_ERROR)]))


def test_the_documented_exception_counts_when_a_wrapper_was_raised_from_it() -> None:
    """SQLAlchemy re-raises asyncpg's error as its own, with asyncpg's as the cause."""
    wrapper = {"relation": "raised", "type": "sqlalchemy.exc.InterfaceError",
               "message": f"(sqlalchemy.dialects.postgresql.asyncpg.InterfaceError) {SYMPTOM_TEXT}"}
    assert ANOTHER_OPERATION.shown_by(_record(failures=[_failure(wrapper, {**ASYNCPG_ERROR, "relation": "cause"})]))


def test_a_failure_symptom_is_not_seen_on_another_channel() -> None:
    unraisable = {"nodeid": "", "phase": "teardown", "context": "Exception ignored in", "object": "<x>",
                  "exceptions": [ASYNCPG_ERROR]}
    assert not ANOTHER_OPERATION.shown_by(_record(unraisables=[unraisable]))


def test_a_warning_symptom_needs_the_category_and_the_message() -> None:
    never_awaited = warning("builtins.RuntimeWarning", "coroutine 'CartStore.clear' was never awaited")
    message = "coroutine 'CartStore.clear' was never awaited"
    assert never_awaited.shown_by(_record(warnings=[
        {"nodeid": "t", "phase": "runtest", "category": "builtins.RuntimeWarning", "message": message},
    ]))
    assert not never_awaited.shown_by(_record(warnings=[
        {"nodeid": "t", "phase": "runtest", "category": "builtins.UserWarning", "message": message},
    ]))


def test_a_log_symptom_needs_the_log_message_and_the_exception() -> None:
    never_retrieved = logged("Task exception was never retrieved", "builtins.RuntimeError", "different event loop")
    bound_elsewhere = {"relation": "raised", "type": "builtins.RuntimeError",
                       "message": "<Queue> is bound to a different event loop"}

    def log(message: str, *exceptions: dict) -> Record:
        return _record(log_records=[{"nodeid": "t", "phase": "call", "logger": "asyncio", "level": "ERROR",
                                     "message": message, "exceptions": list(exceptions)}])

    assert never_retrieved.shown_by(log("Task exception was never retrieved\nfuture: <Task>", bound_elsewhere))
    assert not never_retrieved.shown_by(log("Task exception was never retrieved"))
    assert not never_retrieved.shown_by(log("Exception in callback", bound_elsewhere))


def test_a_log_symptom_and_only_a_log_symptom_names_a_log_message() -> None:
    with pytest.raises(ValueError):
        Symptom("log", "builtins.RuntimeError", "different event loop")
    with pytest.raises(ValueError):
        Symptom("failure", "builtins.RuntimeError", "different event loop", log_message="Task exception")


def test_a_project_failing_for_another_reason_does_not_show_the_symptom(tmp_path: Path) -> None:
    (tmp_path / "test_stock.py").write_text(
        "def connect():\n"
        "    raise ConnectionError(\"[Errno 111] Connect call failed ('127.0.0.1', 5432)\")\n\n\n"
        "def test_sold_out_sku():\n"
        f"    connect()  # before asyncpg could say: cannot perform operation: {SYMPTOM_TEXT}\n"
    )
    run = run_project(tmp_path)
    assert run.tally() == "1 failed"
    assert SYMPTOM_TEXT in run.output, "pytest's report quotes the source, as junit's details do"
    assert not ANOTHER_OPERATION.shown_by(run.record), run.record.describe()


def test_a_project_failing_with_the_documented_exception_shows_the_symptom(tmp_path: Path) -> None:
    (tmp_path / "test_stock.py").write_text(
        "from asyncpg.exceptions import InterfaceError\n\n\n"
        "def test_sold_out_sku():\n"
        f"    raise InterfaceError(\"cannot perform operation: {SYMPTOM_TEXT}\")\n"
    )
    run = run_project(tmp_path)
    assert ANOTHER_OPERATION.shown_by(run.record), run.record.describe()
