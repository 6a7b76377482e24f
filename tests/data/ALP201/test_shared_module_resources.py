"""Module-level resources used by async tests on per-test loops (ALP201).

Tests run on function loops by default.  A pooled engine, a client that made a
request, or an asyncio primitive created once at import and used by two tests is
used on two loops; aiohttp's ClientSession binds at construction and is always
reported.  A NullPool engine, a pool class we cannot read, a client never used for
a request, a resource only one test uses, sync tests, and a resource closed by a
function-scoped autouse fixture stay silent.
"""
import asyncio

import aiohttp
import httpx
import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from .settings import POOL_CLASS

engine = create_async_engine("postgresql+asyncpg://db")  # ALP201:10
Session = async_sessionmaker(engine)
null_engine = create_async_engine("postgresql+asyncpg://db", poolclass=NullPool)
configured_engine = create_async_engine("postgresql+asyncpg://db", poolclass=POOL_CLASS)
disposed_engine = create_async_engine("postgresql+asyncpg://db")
api = httpx.AsyncClient(base_url="https://api.example.org")  # ALP201:7
idle = httpx.AsyncClient(base_url="https://api.example.org")
session = aiohttp.ClientSession()  # ALP201:11
lock = asyncio.Lock()  # ALP201:8
alone = asyncio.Event()


@pytest_asyncio.fixture(autouse=True)
async def dispose_per_test():
    yield
    await disposed_engine.dispose()


async def fetch_user(user_id):
    return await api.get(f"/users/{user_id}")


@pytest.mark.asyncio
async def test_orders():
    async with engine.connect() as connection:
        await connection.exec_driver_sql("select 1")
    async with lock:
        await fetch_user(1)
    assert idle.base_url


@pytest.mark.asyncio
async def test_users():
    async with Session() as db:
        await db.execute("select 1")
    async with lock:
        await fetch_user(2)
    async with null_engine.connect(), configured_engine.connect(), disposed_engine.connect():
        pass


@pytest.mark.asyncio
async def test_invoices():
    async with null_engine.connect(), configured_engine.connect(), disposed_engine.connect():
        await alone.wait()
    assert idle.headers


def test_sync_use():
    assert engine.url and api.base_url
