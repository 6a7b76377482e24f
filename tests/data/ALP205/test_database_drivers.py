"""asyncpg, psycopg, databases, Motor, aiopg and aiomysql: handed out, closed, and closed wrongly.

ALP205: a fixture hands out a pool or connection it never closes.  ALP202: an async
close() called without await never runs.  ALP203: aiopg/aiomysql pools and engines
close() synchronously and need 'await wait_closed()' after it; awaiting Motor's
sync close() raises TypeError.  Motor's close() without await, aiopg's
Connection.close() (it closes at once), closing in teardown, async with, and
psycopg pools created with open=False and opened later stay silent.
"""
import aiomysql
import aiomysql.sa
import aiopg
import aiopg.sa
import asyncpg
import databases
import psycopg
import pytest
import pytest_asyncio
from motor.motor_asyncio import AsyncIOMotorClient
from psycopg_pool import AsyncConnectionPool

DSN = "postgresql://db"


@pytest_asyncio.fixture
async def pg_connection():
    connection = await asyncpg.connect(DSN)  # ALP205:24
    yield connection


@pytest_asyncio.fixture
async def pg_pool():
    pool = await asyncpg.create_pool(DSN)
    yield pool
    pool.close()  # ALP202:5


@pytest_asyncio.fixture
async def pg_pool_managed():
    async with asyncpg.create_pool(DSN) as pool, asyncpg.connect(DSN) as connection:
        yield pool, connection


@pytest_asyncio.fixture
async def pg_pool_leaked():
    return await asyncpg.create_pool(DSN)  # ALP205:18


@pytest_asyncio.fixture
async def psycopg_connection():
    connection = await psycopg.AsyncConnection.connect(DSN)  # ALP205:24
    yield connection


@pytest_asyncio.fixture
async def psycopg_connection_closed():
    async with await psycopg.AsyncConnection.connect(DSN) as connection:
        yield connection


@pytest_asyncio.fixture
async def psycopg_pool():
    pool = AsyncConnectionPool(DSN, open=False)  # ALP205:12
    await pool.open()
    yield pool


@pytest_asyncio.fixture
async def psycopg_pool_closed():
    pool = AsyncConnectionPool(DSN, open=False)
    await pool.open()
    yield pool
    await pool.close()


@pytest_asyncio.fixture
async def database():
    db = databases.Database(DSN)  # ALP205:10
    await db.connect()
    yield db


@pytest_asyncio.fixture
async def database_closed():
    db = databases.Database(DSN)
    await db.connect()
    yield db
    await db.disconnect()


@pytest.fixture
def mongo():
    return AsyncIOMotorClient("mongodb://db")  # ALP205:12


@pytest.fixture
def mongo_closed():
    client = AsyncIOMotorClient("mongodb://db")
    yield client
    client.close()


@pytest_asyncio.fixture
async def mongo_awaited():
    client = AsyncIOMotorClient("mongodb://db")
    yield client
    await client.close()  # ALP203:11


@pytest_asyncio.fixture
async def aiopg_connection():
    connection = await aiopg.connect(DSN)  # ALP205:24
    yield connection


@pytest_asyncio.fixture
async def aiopg_connection_closed():
    connection = await aiopg.connect(DSN)
    yield connection
    connection.close()


@pytest_asyncio.fixture
async def aiopg_pool():
    pool = await aiopg.create_pool(DSN)
    yield pool
    pool.close()  # ALP203:5


@pytest_asyncio.fixture
async def aiopg_pool_closed():
    pool = await aiopg.create_pool(DSN)
    yield pool
    pool.close()
    await pool.wait_closed()


@pytest_asyncio.fixture
async def aiopg_engine():
    return await aiopg.sa.create_engine(DSN)  # ALP205:18


@pytest_asyncio.fixture
async def aiopg_engine_closed():
    async with aiopg.sa.create_engine(DSN) as engine:
        yield engine


@pytest_asyncio.fixture
async def mysql_connection():
    connection = await aiomysql.connect(host="db")  # ALP205:24
    yield connection


@pytest_asyncio.fixture
async def mysql_connection_closed():
    connection = await aiomysql.connect(host="db")
    yield connection
    await connection.ensure_closed()


@pytest_asyncio.fixture
async def mysql_pool():
    pool = await aiomysql.create_pool(host="db")
    yield pool
    await pool.close()  # ALP203:11


@pytest_asyncio.fixture
async def mysql_pool_closed():
    pool = await aiomysql.create_pool(host="db")
    yield pool
    pool.close()
    await pool.wait_closed()


@pytest_asyncio.fixture
async def mysql_engine():
    engine = await aiomysql.sa.create_engine(host="db")
    yield engine
    engine.close()  # ALP203:5


@pytest_asyncio.fixture
async def mysql_engine_closed():
    engine = await aiomysql.sa.create_engine(host="db")
    yield engine
    engine.close()
    await engine.wait_closed()
