"""Clients for the shop's apps, the wrong ways and the right ways."""
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from fastapi.testclient import TestClient
from httpx import ASGITransport, AsyncClient
from shop import plain
from shop.main import app, create_app


@pytest.fixture(scope="session")
def sync_client():
    return TestClient(app)  # ALP305:12


@pytest.fixture(scope="session")
def entered_client():
    with TestClient(app) as client:
        yield client


@pytest.fixture
def factory_app():
    return create_app()


@pytest_asyncio.fixture
async def client(factory_app):
    async with AsyncClient(transport=ASGITransport(app=factory_app), base_url="http://test") as c:  # ALP303:16
        yield c


@pytest_asyncio.fixture
async def running_app():
    async with LifespanManager(app) as manager:
        yield manager.app


@pytest_asyncio.fixture
async def managed_client(running_app):
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as c:
        yield c


@pytest_asyncio.fixture
async def state_client(running_app):
    async with AsyncClient(transport=ASGITransport(app=running_app), base_url="http://test") as c:
        yield c


@pytest_asyncio.fixture
async def plain_client():
    async with AsyncClient(transport=ASGITransport(app=plain.plain_app), base_url="http://test") as c:
        yield c
