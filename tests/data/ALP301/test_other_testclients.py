"""Other libraries' classes named TestClient: not Starlette's, so no ALP301 or ALP305.

async_asgi_testclient and aiohttp's clients are async and run on the test's loop;
Litestar's own clients follow Litestar's rules.  Names are resolved through the
imports, never matched as text.
"""
from contextlib import asynccontextmanager

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient as AiohttpClient
from async_asgi_testclient import TestClient
from fastapi import FastAPI
from litestar.testing import TestClient as LitestarClient


@asynccontextmanager
async def lifespan(app):
    yield


app = FastAPI(lifespan=lifespan)
module_client = TestClient(app)


@pytest_asyncio.fixture
async def client():
    async with TestClient(app) as test_client:
        yield test_client


@pytest.mark.asyncio
async def test_async_asgi_testclient(client):
    response = await client.get("/")
    assert response.status_code == 404


@pytest.mark.asyncio
async def test_other_clients(aiohttp_server):
    server = await aiohttp_server(None)
    async with AiohttpClient(server) as aiohttp_client:
        assert aiohttp_client
    litestar_client = LitestarClient(app=None)
    assert litestar_client
    assert (await module_client.get("/")).status_code == 404
