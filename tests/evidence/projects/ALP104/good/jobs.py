"""A tiny job dispatcher: producers put jobs on a queue, a worker takes them off in order."""

import asyncio


async def dispatch(queue: asyncio.Queue, job: str) -> None:
    await queue.put(job)


async def next_job(queue: asyncio.Queue) -> str:
    return await queue.get()
