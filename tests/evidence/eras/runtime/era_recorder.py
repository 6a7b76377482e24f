"""A pytest plugin loaded into every era run (``-p era_recorder``): it writes down what happened, as data.

For each test phase that failed it keeps the exception's type and message (not the traceback's text), every
warning pytest recorded, the versions that really ran, and the loops that probe projects report with
``note()``.  The suite reads the JSON file this writes instead of parsing pytest's console output, which
differs between pytest 7, 8 and 9.  It must import nothing beyond the standard library and pytest, and work
with every pytest an era installs.
"""

import asyncio
import importlib.metadata
import json
import os

import pytest

_record = {"reports": [], "collection_errors": [], "warnings": [], "loops": [], "versions": {}}
_loops_seen = []  # loops are kept alive here so no two of them can share a number


def _loop_number(loop):
    for number, seen in enumerate(_loops_seen):
        if seen is loop:
            return number
    _loops_seen.append(loop)
    return len(_loops_seen) - 1


def note(who, loop=None):
    """Record which loop ``who`` runs on: the running loop, or ``loop`` for code that only holds one."""
    running = asyncio.get_running_loop() if loop is None else loop
    _record["loops"].append({"who": who, "loop": _loop_number(running)})


def _qualified_name(kind):
    return f"{kind.__module__}.{kind.__qualname__}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    entry = {"test": item.nodeid, "when": call.when, "outcome": report.outcome}
    if report.failed and call.excinfo is not None:
        entry["exception"] = _qualified_name(call.excinfo.type)
        # A missing fixture's message is in its report, not in the exception (whose str() is a tuple).
        entry["message"] = getattr(report.longrepr, "errorstring", None) or str(call.excinfo.value)
    _record["reports"].append(entry)


def pytest_collectreport(report):
    if report.failed:
        _record["collection_errors"].append({"node": report.nodeid, "text": report.longreprtext[-3000:]})


def pytest_warning_recorded(warning_message, when, nodeid, location):
    _record["warnings"].append({
        "category": _qualified_name(warning_message.category),
        "message": str(warning_message.message),
        "when": when,
        "test": nodeid,
    })


def pytest_sessionfinish(session, exitstatus):
    _record["exit_status"] = int(exitstatus)
    for distribution in ("pytest", "pytest-asyncio", "httpx", "redis", "asyncpg", "sqlalchemy"):
        try:
            _record["versions"][distribution] = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            pass
    with open(os.environ["ERA_RECORD_FILE"], "w") as record_file:
        json.dump(_record, record_file, indent=1)
