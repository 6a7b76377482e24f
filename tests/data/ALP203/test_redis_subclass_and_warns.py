"""Closing a redis.asyncio subclass, and deprecated closes exercised on purpose (ALP203).

A project class deriving from ``redis.asyncio.Redis`` is a redis client: ``close()`` is
deprecated there too (redis-py 5.0.1+).  A test that calls it inside ``pytest.warns`` or
``pytest.deprecated_call`` is checking the deprecation itself and stays silent.
"""
import pytest
import redis.asyncio


class Cache(redis.asyncio.Redis):
    async def remember(self, key: str) -> None:
        await self.set(key, "1")


@pytest.mark.asyncio
async def test_cache_closes():
    cache = Cache.from_url("redis://localhost")
    plain = Cache(host="localhost")
    await plain.close()  # ALP203:11
    await cache.aclose()


@pytest.mark.asyncio
async def test_close_is_deprecated():
    client = redis.asyncio.Redis()
    with pytest.deprecated_call():
        await client.close()  # silent: ALP203
    with pytest.warns(DeprecationWarning):
        await client.close()  # silent: ALP203


@pytest.mark.asyncio
async def test_rebinds_a_parameter(client):
    """The name is rebound before the close: the value that reaches the close is the new client."""
    client = redis.asyncio.Redis()
    await client.close()  # ALP203:11


@pytest.mark.asyncio
async def test_compatibility_branch():
    """Closing the way each redis-py version supports: the old branch is deliberate."""
    client = redis.asyncio.Redis()
    await client.aclose() if hasattr(client, "aclose") else await client.close()  # silent: ALP203
