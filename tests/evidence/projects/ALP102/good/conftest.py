import os

import pytest_asyncio

from accounts import open_pool


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def pool():
    pool = await open_pool(os.environ["ALP_EVIDENCE_ASYNCPG_DSN"])
    yield pool
    await pool.close()
