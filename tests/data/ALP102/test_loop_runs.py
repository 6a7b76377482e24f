"""Loops run to completion in sync setup (ALP102) and inside coroutines (ALP103).

asyncio.run() and run_until_complete() at import time or in a sync fixture close their
loop when they return.  Harm needs something bound to that loop to outlive it: the
result (a pool, a connection), what the coroutine stores elsewhere, or a module-level
pooled resource the coroutine uses (its connections stay bound to the dead loop).  A
run whose coroutine returns data and touches nothing shared is self-contained, as are a
sync test doing all its async work in one asyncio.run(), code run in another thread and
the script entry point.  Inside a coroutine a loop is already running and both calls raise.
"""
import asyncio
import subprocess

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

SEED = asyncio.run(asyncpg.connect("postgresql://db"))  # ALP102:8


async def load_rows():
    return [1]


class TestWithClassData:
    rows = asyncio.run(load_rows())  # silent: ALP102


@pytest.fixture(scope="session")
def pool():
    return asyncio.run(asyncpg.create_pool("postgresql://db"))  # ALP102:12


@pytest.fixture
def seeded(request):
    loop = asyncio.new_event_loop()  # ALP101:12
    loop.run_until_complete(seed())  # silent: ALP102
    request.addfinalizer(lambda: asyncio.run(cleanup()))  # silent: ALP102
    return loop


@pytest.fixture
def fetched_loop():
    return asyncio.get_event_loop().run_until_complete(seed())  # ALP101:12


@pytest.fixture
def given_loop(event_loop):  # ALP002:16
    """The loop comes from a fixture: what is wrong here is that fixture (ALP001/ALP002)."""
    return event_loop.run_until_complete(seed())


@pytest.fixture
def with_runner():
    with asyncio.Runner() as runner:
        yield runner.run(connect())  # ALP102:15


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


engine = create_async_engine("postgresql+asyncpg://db")
CACHE = {}


async def create_schema():
    async with engine.begin() as connection:
        await connection.exec_driver_sql("create table if not exists t (n int)")


async def remember_pool():
    CACHE["pool"] = await asyncpg.create_pool("postgresql://db")


async def connect():
    return await asyncpg.connect("postgresql://db")


@pytest.fixture(scope="module")
def schema():
    asyncio.run(create_schema())  # ALP102:5


@pytest.fixture
def remembered():
    asyncio.run(remember_pool())  # ALP102:5
    return CACHE


async def cleanup():
    return None


async def main():
    return 0


if __name__ == "__main__":
    asyncio.run(main())
