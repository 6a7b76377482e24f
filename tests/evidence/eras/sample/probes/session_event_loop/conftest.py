import asyncio

import pytest
import pytest_asyncio
from era_recorder import note


@pytest.fixture(scope="session")
def event_loop():
    """The pytest-asyncio 0.21 way to share one loop with session fixtures."""
    loop = asyncio.new_event_loop()
    note("event_loop fixture", loop)
    yield loop
    loop.close()


@pytest_asyncio.fixture(scope="session")
async def session_value():
    note("session fixture")
    return object()


@pytest_asyncio.fixture
async def function_value():
    note("function fixture")
    return object()


@pytest_asyncio.fixture(scope="session")
async def session_value_requesting_event_loop(event_loop):
    note("session fixture requesting event_loop")
    return object()


@pytest_asyncio.fixture(scope="session")
async def session_value_built_on_it(session_value_requesting_event_loop):
    note("session fixture depending on one that requests event_loop")
    return object()
