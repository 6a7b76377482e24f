import asyncio

import pytest

from thumbnails import Thumbnailer


@pytest.fixture
def thumbnailer():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield Thumbnailer()
    loop.close()
