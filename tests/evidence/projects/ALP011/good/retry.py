"""Retry an async operation a few times before giving up."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def retry(operation: Callable[[], Awaitable[T]], attempts: int = 3, delay: float = 0.0) -> T:
    for attempt in range(1, attempts + 1):
        try:
            return await operation()
        except ConnectionError:
            if attempt == attempts:
                raise
            await asyncio.sleep(delay)
    raise ValueError("attempts must be at least 1")
