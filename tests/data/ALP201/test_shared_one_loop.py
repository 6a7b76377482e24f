"""Module-level resources whose users all run on one loop stay silent (ALP201).

asyncloop-options pins both loop-scope defaults to session, the aligned setup the
pytest-asyncio docs recommend: every test and fixture shares the session loop, so a
module-level engine or client is only ever used on that loop.
"""
# asyncloop-options: --asyncio-default-test-loop-scope=session --asyncio-default-fixture-loop-scope=session
import asyncio

import httpx
import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("postgresql+asyncpg://db")  # silent: ALP201
client = httpx.AsyncClient()
queue = asyncio.Queue()


@pytest_asyncio.fixture
async def connection():
    async with engine.connect() as conn:
        yield conn


@pytest.mark.asyncio
async def test_reads(connection):
    await client.get("https://example.org")
    await queue.put(await connection.scalar("select 1"))


@pytest.mark.asyncio
async def test_writes():
    async with engine.begin():
        await client.post("https://example.org")
    await queue.get()
