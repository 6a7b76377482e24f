"""unittest.IsolatedAsyncioTestCase resources made outside the per-test loop (ALP104).

Each async test of an IsolatedAsyncioTestCase runs on a new loop.  A loop-bound
resource made in setUpClass or the class body and used by two tests is bound to
the first test's loop; aiohttp's ClientSession needs a running loop even in
__init__.  Resources made in asyncSetUp, a NullPool engine, one made in __init__
(one per test) and one that only a single test uses stay silent.
"""
import asyncio
import unittest
from unittest import IsolatedAsyncioTestCase

import aiohttp
import httpx
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool


class QueueTests(unittest.IsolatedAsyncioTestCase):
    lock = asyncio.Lock()  # ALP104:12
    engine = create_async_engine("postgresql+asyncpg://db", poolclass=NullPool)  # silent: ALP104

    @classmethod
    def setUpClass(cls):
        cls.queue = asyncio.Queue()  # ALP104:21
        cls.event = asyncio.Event()

    def __init__(self, name):
        super().__init__(name)
        self.session = aiohttp.ClientSession()  # ALP104:24
        self.client = httpx.AsyncClient()  # silent: ALP104

    async def asyncSetUp(self):
        async with self.lock:
            self.semaphore = asyncio.Semaphore()

    async def test_put(self):
        await self.queue.put(1)
        await self.client.get("https://example.org")
        await self.event.wait()

    async def test_get(self):
        await self.queue.get()
        async with self.engine.connect():
            pass


class Base(IsolatedAsyncioTestCase):
    pass


class DerivedTests(Base):
    condition = asyncio.Condition()  # ALP104:17

    async def test_one(self):
        async with self.condition:
            pass

    async def test_two(self):
        async with DerivedTests.condition:
            pass


class PlainHelper:
    lock = asyncio.Lock()

    async def test_like(self):
        async with self.lock:
            pass

    async def test_again(self):
        async with self.lock:
            pass
