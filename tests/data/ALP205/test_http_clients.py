"""httpx, httpx2 and aiohttp clients handed out by fixtures, and their close calls.

An AsyncClient or ClientSession returned by a fixture with nothing closing it is
finalised by the garbage collector after its loop is gone (ALP205).  httpx's
AsyncClient has no close() (ALP203); aclose() without await never runs (ALP202).
async with, aclose() in teardown, a client over ASGITransport (no sockets), a
client handed to contextlib.aclosing or an AsyncExitStack, and a fixture whose
dependent fixture or test closes or enters the client stay silent.
"""
import contextlib

import aiohttp
import httpx
import httpx2
import pytest
import pytest_asyncio

from .app import app


@pytest.fixture
def client():
    return httpx.AsyncClient(base_url="https://api.example.org")  # ALP205:12


@pytest_asyncio.fixture
async def client_closed():
    async with httpx.AsyncClient() as client:
        yield client


@pytest_asyncio.fixture
async def asgi_client():
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


@pytest_asyncio.fixture
async def client_wrong_close():
    client = httpx.AsyncClient()
    yield client
    await client.close()  # ALP203:11


@pytest_asyncio.fixture
async def client2():
    client = httpx2.AsyncClient()  # ALP205:14
    yield client


@pytest_asyncio.fixture
async def client2_closed():
    client = httpx2.AsyncClient()
    async with contextlib.aclosing(client):
        yield client


@pytest_asyncio.fixture
async def client2_not_awaited():
    client = httpx2.AsyncClient()
    yield client
    client.aclose()  # ALP202:5


@pytest_asyncio.fixture
async def session():
    session = aiohttp.ClientSession()  # ALP205:15
    yield session


@pytest_asyncio.fixture
async def session_in_stack():
    async with contextlib.AsyncExitStack() as stack:
        session = await stack.enter_async_context(aiohttp.ClientSession())
        yield session


@pytest_asyncio.fixture
async def session_closed():
    session = aiohttp.ClientSession()
    yield session
    await session.close()


@pytest_asyncio.fixture
async def shared_client():
    return httpx.AsyncClient()


@pytest_asyncio.fixture
async def closes_shared_client(shared_client):
    yield shared_client
    await shared_client.aclose()


@pytest.fixture
def entered_by_tests():
    return httpx.AsyncClient(base_url="https://api.example.org")


@pytest.mark.asyncio
async def test_enters_client(entered_by_tests):
    async with entered_by_tests:
        await entered_by_tests.get("/")
