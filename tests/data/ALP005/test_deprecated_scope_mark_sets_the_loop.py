"""``mark.asyncio(scope=...)`` is deprecated but still chooses the test's loop (pytest-asyncio 0.24–1.5).

The session-scoped test runs on the session loop like the session-loop pool it uses: only the
deprecated spelling is reported, not a loop mismatch.
"""
import asyncpg
import pytest
import pytest_asyncio


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def pool():
    async with asyncpg.create_pool("postgresql://db") as pool:
        yield pool


@pytest.mark.asyncio(scope="session")  # ALP005:22
async def test_on_the_session_loop(pool):  # silent: ALP003
    assert await pool.fetchval("select 1") == 1
