"""pytest-asyncio 0.23 with the project's own session ``event_loop``: overriding it is deprecated (ALP001).

Whether a session fixture then shares that loop with the tests depends on which session loop was set up
first (a run shows both, #706): the loop is unknown, so no loop finding is made from it.
"""
# asyncloop-options: --asyncloop-versions=pytest-asyncio==0.23.8
import asyncio

import asyncpg
import pytest
import pytest_asyncio


@pytest.fixture(scope="session")
def event_loop():  # ALP001:1
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest_asyncio.fixture(scope="session")  # silent: ALP004
async def pool():
    pool = await asyncpg.create_pool("postgresql://db")
    yield pool
    await pool.close()


@pytest.mark.asyncio
async def test_reads(pool):  # silent: ALP003
    assert await pool.fetchval("select 1") == 1
