"""A project-defined event_loop fixture under pytest-asyncio 1.x, where it is an ordinary fixture (ALP001)."""
import asyncio

import pytest
from pytest import fixture as fx


@pytest.fixture(scope="session")
def event_loop():  # ALP001:1
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@fx(name="event_loop")
def custom_loop():  # ALP001:1
    return asyncio.new_event_loop()


def event_loop_factory():  # silent: ALP001
    """Not a fixture: a plain function named like one."""
    return asyncio.new_event_loop()
