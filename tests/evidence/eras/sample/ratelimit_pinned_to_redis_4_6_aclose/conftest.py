import os

import pytest_asyncio
from redis.asyncio import Redis


@pytest_asyncio.fixture
async def cache():
    client = Redis.from_url(os.environ["ALP_EVIDENCE_REDIS_URL"])
    yield client
    await client.aclose()
