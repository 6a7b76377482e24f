"""A fixture stores a session-loop pool on an imported app's state and yields it from there (ALP003)."""
import asyncpg
import pytest
import pytest_asyncio

from shop_app import app


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def db():
    app.state.db = await asyncpg.create_pool("postgresql://localhost/shop")
    yield app.state.db
    await app.state.db.close()


@pytest.mark.asyncio
async def test_query(db):  # ALP003:22
    assert await db.fetchval("select 1") == 1
