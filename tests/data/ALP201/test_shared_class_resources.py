"""Class-level resources of pytest test classes (ALP201).

A class attribute is created once; tests of the class on function loops use it on
one loop each.  A class whose tests share a class loop (asyncio mark with
loop_scope="class") and a module whose pytestmark puts every test on the module
loop stay silent, as do plain module data and async fixtures on the same loop.
"""
import pytest
import pytest_asyncio
import redis.asyncio as redis

pytestmark = pytest.mark.asyncio(loop_scope="module")


class TestPerTestLoops:
    cache = redis.from_url("redis://cache")  # ALP201:13

    @pytest.mark.asyncio(loop_scope="function")
    async def test_set(self):
        await self.cache.set("k", "v")

    @pytest.mark.asyncio(loop_scope="function")
    async def test_get(self):
        assert await self.cache.get("k")


@pytest.mark.asyncio(loop_scope="class")
class TestClassLoop:
    cache = redis.Redis()

    async def test_set(self):
        await self.cache.set("k", "v")

    async def test_get(self):
        assert await self.cache.get("k")


shared = redis.Redis()


@pytest_asyncio.fixture(loop_scope="module")
async def warm_cache():
    await shared.set("warm", "1")


async def test_module_loop_one(warm_cache):
    assert await shared.get("warm")


async def test_module_loop_two():
    assert await shared.get("warm")
