"""Application code: its entry point owns the loop (silent); a coroutine nesting a loop is ALP103 anywhere."""
import asyncio


async def serve():
    return None


async def handler():
    return asyncio.run(serve())  # ALP103:12


def main():
    asyncio.run(serve())  # silent: ALP103


if __name__ == "__main__":
    main()
