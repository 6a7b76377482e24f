"""Matches ``check_*.py`` but sits outside ``testpaths``: a script, not a test module."""
import asyncio


async def test_connection():  # silent: ALP011
    return True


if __name__ == "__main__":
    asyncio.run(test_connection())
