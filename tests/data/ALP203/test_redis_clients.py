"""redis.asyncio and both aioredis generations: leaks and close protocols.

redis-py (redis.asyncio, 4.2+): 'await r.aclose()'; close() is a deprecated alias
since 5.0.1 (ALP203 when awaited, ALP202 when not) and there is no wait_closed().
aioredis 2.x: 'await r.close()' (ALP202 without await), no wait_closed().
aioredis 1.x: close() is sync and must be followed by 'await r.wait_closed()'
(ALP203).  aioredis.Redis exists in both generations, so its close() is not
judged.  Fixtures that hand out a client and never close it are ALP205.
"""
import aioredis
import pytest_asyncio
import redis.asyncio as redis
from redis.asyncio import ConnectionPool, Redis

URL = "redis://cache"


@pytest_asyncio.fixture
async def client():
    client = Redis()  # ALP205:14
    yield client


@pytest_asyncio.fixture
async def client_closed_deprecated():
    client = Redis()
    yield client
    await client.close()  # ALP203:11


@pytest_asyncio.fixture
async def client_from_url():
    client = redis.from_url(URL)
    yield client
    client.aclose()  # ALP202:5


@pytest_asyncio.fixture
async def client_from_url_closed():
    client = redis.from_url(URL)
    yield client
    await client.aclose()


@pytest_asyncio.fixture
async def client_classmethod():
    return redis.Redis.from_url(URL)  # ALP205:12


@pytest_asyncio.fixture
async def client_classmethod_closed():
    async with redis.Redis.from_url(URL) as client:
        yield client


@pytest_asyncio.fixture
async def seed_style_shutdown():
    client = redis.Redis()
    yield client
    client.close()  # ALP202:5
    await client.wait_closed()  # ALP203:11


@pytest_asyncio.fixture
async def pool():
    return ConnectionPool(max_connections=4)  # ALP205:12


@pytest_asyncio.fixture
async def pool_closed():
    pool = ConnectionPool()
    yield pool
    await pool.disconnect()


@pytest_asyncio.fixture
async def aioredis_either():
    client = aioredis.Redis()  # ALP205:14
    yield client


@pytest_asyncio.fixture
async def aioredis_either_closed():
    client = aioredis.Redis()
    yield client
    client.close()
    await client.wait_closed()


@pytest_asyncio.fixture
async def aioredis2():
    client = aioredis.from_url(URL)
    yield client
    client.close()  # ALP202:5


@pytest_asyncio.fixture
async def aioredis2_closed():
    client = aioredis.from_url(URL)
    yield client
    await client.close()


@pytest_asyncio.fixture
async def aioredis2_pool():
    pool = aioredis.ConnectionPool()  # ALP205:12
    yield pool


@pytest_asyncio.fixture
async def aioredis2_pool_closed():
    pool = aioredis.ConnectionPool()
    yield pool
    await pool.disconnect()


@pytest_asyncio.fixture
async def aioredis1_pool():
    pool = await aioredis.create_redis_pool(URL)
    yield pool
    pool.close()  # ALP203:5


@pytest_asyncio.fixture
async def aioredis1_pool_closed():
    pool = await aioredis.create_redis_pool(URL)
    yield pool
    pool.close()
    await pool.wait_closed()


@pytest_asyncio.fixture
async def aioredis1_client():
    return await aioredis.create_redis(URL)  # ALP205:18


@pytest_asyncio.fixture
async def aioredis1_client_closed():
    client = await aioredis.create_redis(URL)
    yield client
    client.close()
    await client.wait_closed()


@pytest_asyncio.fixture
async def aioredis1_raw_pool():
    pool = await aioredis.create_pool(URL)
    yield pool
    await pool.close()  # ALP203:11


@pytest_asyncio.fixture
async def aioredis1_raw_pool_closed():
    pool = await aioredis.create_pool(URL)
    yield pool
    pool.close()
    await pool.wait_closed()


@pytest_asyncio.fixture
async def aioredis1_connection():
    connection = await aioredis.create_connection(URL)  # ALP205:24
    yield connection


@pytest_asyncio.fixture
async def aioredis1_connection_closed():
    connection = await aioredis.create_connection(URL)
    yield connection
    connection.close()
    await connection.wait_closed()
