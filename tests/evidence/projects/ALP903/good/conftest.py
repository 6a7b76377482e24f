import asyncio
import contextlib

import pytest_asyncio

from jobs import worker


@pytest_asyncio.fixture
async def jobs():
    """A queue and a worker per test, both on the test's own loop."""
    queue: asyncio.Queue = asyncio.Queue()
    rendered: list[str] = []
    task = asyncio.create_task(worker(queue, rendered))
    yield queue, rendered
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
