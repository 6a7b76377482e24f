import pytest_asyncio

from thumbnails import Thumbnailer


@pytest_asyncio.fixture
async def thumbnailer():
    yield Thumbnailer()
