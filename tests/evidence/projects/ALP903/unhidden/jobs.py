"""A background worker that renders thumbnails queued by the request handlers."""

import asyncio

queue: asyncio.Queue = asyncio.Queue()
rendered: list[str] = []


class RenderingStalled(Exception):
    """Queued uploads were not rendered in time: the worker is stuck, or gone."""


async def worker() -> None:
    while True:
        image = await queue.get()
        rendered.append(f"{image}.thumb.png")
        queue.task_done()


async def wait_until_rendered(timeout: float) -> None:
    try:
        await asyncio.wait_for(queue.join(), timeout)
    except TimeoutError:
        raise RenderingStalled(f"{queue.qsize()} uploads still queued after {timeout}s") from None
