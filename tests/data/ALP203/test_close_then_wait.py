"""aiopg/aiomysql pools: ``close()`` starts closing, ``await wait_closed()`` must come after it (ALP203)."""
import aiopg
import pytest_asyncio


@pytest_asyncio.fixture
async def pool():
    pool = await aiopg.create_pool("dbname=test")
    yield pool
    await pool.wait_closed()
    pool.close()  # ALP203:5


@pytest_asyncio.fixture
async def ordered_pool():
    pool = await aiopg.create_pool("dbname=test")
    yield pool
    pool.close()  # silent: ALP203
    await pool.wait_closed()
