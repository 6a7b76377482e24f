import os

import asyncpg
import pytest_asyncio

from notes import app


@pytest_asyncio.fixture
async def pool():
    """A small pool per test, shared by the app and the test's own assertions."""
    pool = await asyncpg.create_pool(os.environ["ALP_EVIDENCE_ASYNCPG_DSN"], min_size=1, max_size=1)
    app.state.pool = pool
    yield pool
    await pool.close()
