"""Streams, acquired connections and futures made on a session loop, used from function loops (ALP003)."""
import asyncio

import asyncpg
import pytest
import pytest_asyncio

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def streams():
    reader, writer = await asyncio.open_connection("127.0.0.1", 6379)
    yield reader, writer
    writer.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def pool():
    async with asyncpg.create_pool("postgresql://db") as pool:
        yield pool


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def connection(pool):
    connection = await pool.acquire()
    yield connection
    await pool.release(connection)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def heartbeat():
    beat = asyncio.ensure_future(asyncio.sleep(3600))
    yield
    beat.cancel()


async def test_ping(streams, connection, heartbeat):  # ALP003:21 ALP003:30 ALP003:42
    assert streams and connection


async def test_per_test_objects():
    reader, writer = await asyncio.open_connection("127.0.0.1", 6379)  # silent: ALP003
    async with asyncpg.create_pool("postgresql://db") as pool:
        async with pool.acquire() as connection:  # silent: ALP003
            assert await connection.fetchval("select 1") == 1
    done = asyncio.ensure_future(asyncio.sleep(0))  # silent: ALP003
    task = asyncio.create_task(asyncio.sleep(0))  # silent: ALP003
    await done, task
    writer.close()
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)  # silent: ALP003
    server.close()
