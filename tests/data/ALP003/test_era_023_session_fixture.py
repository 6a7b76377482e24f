"""pytest-asyncio 0.23 without an ``event_loop`` override: a session fixture runs on the session loop, an
unmarked test on its own function loop, so the pool crosses loops (the 0.23 breakage, #706)."""
# asyncloop-options: --asyncloop-versions=pytest-asyncio==0.23.8
import asyncpg
import pytest
import pytest_asyncio


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
