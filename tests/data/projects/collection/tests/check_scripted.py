"""A collected module whose ``test_*`` function is only called under ``__main__``: a script entry point."""
import asyncio


async def test_database():  # silent: ALP011
    return True


if __name__ == "__main__":
    asyncio.run(test_database())
