"""A background worker that renders thumbnails queued by the request handlers."""

import asyncio


async def worker(queue: asyncio.Queue, rendered: list[str]) -> None:
    while True:
        image = await queue.get()
        rendered.append(f"{image}.thumb.png")
        queue.task_done()
