"""An autouse fixture that runs the app's lifespan covers every client in its reach (no ALP303)."""
from contextlib import asynccontextmanager

import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager as Manager
from httpx import ASGITransport, AsyncClient
from starlette.applications import Starlette


@asynccontextmanager
async def lifespan(app):
    yield {"ready": True}


app = Starlette(lifespan=lifespan)


@pytest_asyncio.fixture(autouse=True)
async def running_app():
    async with Manager(app):
        yield


@pytest_asyncio.fixture
async def client():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:
        yield c


@pytest.mark.asyncio
async def test_home(client):
    assert (await client.get("/")).status_code == 404
