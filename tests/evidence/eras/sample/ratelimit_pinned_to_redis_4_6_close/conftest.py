import os

import pytest_asyncio
from redis.asyncio import Redis


@pytest_asyncio.fixture
async def cache():
    client = Redis.from_url(os.environ["ALP_EVIDENCE_REDIS_URL"])
    yield client
    await client.close()
    await client.connection_pool.disconnect()  # redis 4.x: close() leaves a from_url() pool open
