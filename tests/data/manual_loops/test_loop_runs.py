"""Loops run to completion in sync setup (ALP102) and inside coroutines (ALP103).

asyncio.run() and run_until_complete() at import time or in a sync fixture close
their loop when they return, while the pools and clients they made are handed to
tests that run on other loops.  Inside a coroutine a loop is already running and
both calls raise.  A sync test that does all its async work in one asyncio.run(),
code run in another thread (run_in_executor, to_thread) and the script entry
point stay silent, as do other objects' run() methods.
"""
import asyncio
import subprocess

import asyncpg
import pytest

SEED = asyncio.run(asyncpg.connect("postgresql://db"))  # ALP102:8


async def load_rows():
    return [1]


class TestWithClassData:
    rows = asyncio.run(load_rows())  # ALP102:12


@pytest.fixture(scope="session")
def pool():
    return asyncio.run(asyncpg.create_pool("postgresql://db"))  # ALP102:12


@pytest.fixture
def seeded(request):
    loop = asyncio.new_event_loop()  # ALP101:12
    loop.run_until_complete(seed())  # ALP102:5
    request.addfinalizer(lambda: asyncio.run(cleanup()))  # ALP102:34
    return loop


@pytest.fixture
def fetched_loop():
    return asyncio.get_event_loop().run_until_complete(seed())  # ALP101:12 ALP102:12


@pytest.fixture
def given_loop(event_loop):  # ALP002:16
    """The loop comes from a fixture: what is wrong here is that fixture (ALP001/ALP002)."""
    return event_loop.run_until_complete(seed())


@pytest.fixture
def with_runner():
    with asyncio.Runner() as runner:
        yield runner.run(seed())  # ALP102:15


@pytest.mark.asyncio
async def test_nested_run():
    asyncio.run(seed())  # ALP103:5


@pytest.mark.asyncio
async def test_nested_runner():
    asyncio.Runner().run(seed())  # ALP103:5


@pytest.mark.asyncio
async def test_other_threads_may_run_loops():
    def in_thread():
        return asyncio.run(seed())

    await asyncio.to_thread(in_thread)
    await asyncio.get_running_loop().run_in_executor(None, lambda: asyncio.run(seed()))


def test_cli_style_sync_test():
    assert asyncio.run(main()) == 0


def test_other_run_methods():
    subprocess.run(["true"], check=True)


async def seed():
    return None


async def cleanup():
    return None


async def main():
    return 0


if __name__ == "__main__":
    asyncio.run(main())
