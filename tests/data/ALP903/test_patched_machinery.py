"""Patching the loop machinery so loop errors disappear (ALP903).

Reported: ``nest_asyncio.apply()``, a ``sys.unraisablehook`` or loop exception
handler that drops what it receives (a no-op, or one that singles out loop
errors), and patching asyncio transport internals such as ``__del__``.  Silent:
restoring the default hook, recording hooks, resetting the handler with None, and
choosing the selector loop policy on Windows (a psycopg requirement, not a hack).
"""
import asyncio
import sys
from asyncio.proactor_events import _ProactorBasePipeTransport

import nest_asyncio
import pytest
import pytest_asyncio

nest_asyncio.apply()  # ALP903:1

if sys.platform == "win32":
    asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())


def silence_event_loop_closed(func):
    return func


_ProactorBasePipeTransport.__del__ = silence_event_loop_closed(_ProactorBasePipeTransport.__del__)  # ALP903:1


def drop_loop_errors(unraisable):
    if "Event loop is closed" in str(unraisable.exc_value):
        return
    sys.__unraisablehook__(unraisable)


def ignore(loop, context):
    """Nothing to see."""


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr(sys, "unraisablehook", drop_loop_errors)  # ALP903:5
    monkeypatch.setattr("sys.unraisablehook", lambda unraisable: None)  # ALP903:5


@pytest_asyncio.fixture(autouse=True)
async def quiet_loop():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(ignore)  # ALP903:5
    yield
    loop.set_exception_handler(None)


def pytest_configure(config):
    sys.unraisablehook = lambda unraisable: None  # ALP903:5


seen = []


def record(unraisable):
    seen.append(unraisable)


def pytest_unconfigure(config):
    sys.unraisablehook = record  # silent: ALP903
    sys.unraisablehook = sys.__unraisablehook__
