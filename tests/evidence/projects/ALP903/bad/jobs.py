"""A background worker that renders thumbnails queued by the request handlers."""

import asyncio

queue: asyncio.Queue = asyncio.Queue()
rendered: list[str] = []


async def worker() -> None:
    while True:
        image = await queue.get()
        rendered.append(f"{image}.thumb.png")
        queue.task_done()
