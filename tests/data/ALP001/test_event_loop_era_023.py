"""pytest-asyncio 0.23: overriding event_loop is deprecated, and the session pool runs on another loop (#706)."""
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


@pytest_asyncio.fixture(scope="session")  # ALP004:2
async def pool():
    pool = await asyncpg.create_pool("postgresql://db")
    yield pool
    await pool.close()


@pytest.mark.asyncio
async def test_reads(pool):  # ALP003:22
    assert await pool.fetchval("select 1") == 1


@pytest.mark.asyncio(scope="session")
async def test_on_the_session_loop(pool):  # silent: ALP003, ALP005
    assert await pool.fetchval("select 1") == 1
