import os

import asyncpg
import pytest_asyncio


@pytest_asyncio.fixture
async def conn():
    """A connection per test, opened and closed on the test's own loop."""
    connection = await asyncpg.connect(os.environ["ALP_EVIDENCE_ASYNCPG_DSN"])
    try:
        yield connection
    finally:
        await connection.close()
