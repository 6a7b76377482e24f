import os

import asyncpg
import pytest

from accounts import SCHEMA


@pytest.fixture(scope="session")
async def pool():
    """One connection pool for the whole run."""
    pool = await asyncpg.create_pool(os.environ["ALP_EVIDENCE_ASYNCPG_DSN"], min_size=1, max_size=2)
    yield pool
    await pool.close()


@pytest.fixture
async def conn(pool):
    """A connection per test, inside a transaction that is rolled back afterwards."""
    async with pool.acquire() as connection:
        transaction = connection.transaction()
        await transaction.start()
        await connection.execute(SCHEMA)
        yield connection
        await transaction.rollback()
