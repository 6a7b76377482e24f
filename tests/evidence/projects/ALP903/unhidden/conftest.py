import asyncio

import pytest_asyncio

from jobs import worker


@pytest_asyncio.fixture
async def running_worker():
    """The worker runs in the background for the test; the loop cancels it when the test is over."""
    asyncio.create_task(worker())
    yield
