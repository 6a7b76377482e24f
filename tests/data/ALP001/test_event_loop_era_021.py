"""pytest-asyncio 0.21: overriding event_loop is how a project chooses its loop, so nothing is reported."""
# asyncloop-options: --asyncloop-versions=pytest-asyncio==0.21.2
import asyncio

import asyncpg
import pytest
import pytest_asyncio


@pytest.fixture(scope="session")
def event_loop():  # silent: ALP001
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest_asyncio.fixture(scope="session")
async def pool():  # silent: ALP003, ALP004, ALP005
    pool = await asyncpg.create_pool("postgresql://db")
    yield pool
    await pool.close()


@pytest.mark.asyncio
async def test_reads(pool, event_loop):  # silent: ALP002, ALP003
    assert await pool.fetchval("select 1") == 1
