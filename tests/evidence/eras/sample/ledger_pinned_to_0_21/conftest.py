import asyncio
import os

import asyncpg
import pytest

from ledger import SCHEMA


@pytest.fixture(scope="session")
def event_loop():
    """One loop for the whole run, so the session-wide pool below can serve every test."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
async def pool(event_loop):
    pool = await asyncpg.create_pool(os.environ["ALP_EVIDENCE_ASYNCPG_DSN"], min_size=1, max_size=2)
    yield pool
    await pool.close()


@pytest.fixture(scope="session")
async def db(pool):
    async with pool.acquire() as connection:
        await connection.execute(SCHEMA)
        yield connection
