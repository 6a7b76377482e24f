"""Image thumbnailing: the CPU-bound resize runs in the loop's default thread pool."""

import asyncio


def resize(width: int, height: int, longest: int) -> tuple[int, int]:
    scale = longest / max(width, height)
    return round(width * scale), round(height * scale)


class Thumbnailer:
    def __init__(self, longest: int = 128) -> None:
        self._loop = asyncio.get_event_loop()
        self._longest = longest

    async def thumbnail_size(self, width: int, height: int) -> tuple[int, int]:
        return await self._loop.run_in_executor(None, resize, width, height, self._longest)
