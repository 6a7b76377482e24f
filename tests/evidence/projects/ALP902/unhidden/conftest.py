import pytest_asyncio

from carts import STORE


@pytest_asyncio.fixture
async def store():
    yield STORE
    STORE.clear()
