import pytest_asyncio
from era_recorder import note


@pytest_asyncio.fixture(scope="session")
async def session_value():
    note("session fixture")
    return object()


@pytest_asyncio.fixture(scope="module")
async def module_value():
    note("module fixture")
    return object()
