"""Async clients over ASGITransport for apps whose lifespan the routes depend on (ALP303).

httpx's ASGITransport sends only http scopes, never lifespan ones.  Harm needs the skipped
startup to provide something a route reads: here the lifespan puts a pool on ``app.state``
and ``/items`` reads it.  A lifespan that only logs, a test that provides the state itself or
overrides the dependency that reads it, and a lifespan entered by hand (LifespanManager,
``async with lifespan(app)``, ``app.router.lifespan_context(app)``) stay silent, as do apps
the linter cannot read and clients built in helpers.
"""
import logging
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from fastapi import APIRouter, Depends, FastAPI, Request
from httpx import ASGITransport, AsyncClient
from vendored_service import service_app


@asynccontextmanager
async def lifespan(app):
    app.state.pool = await asyncpg.create_pool("postgresql://db")
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


def get_pool(request: Request):
    return request.app.state.pool


@app.get("/items")
async def items(pool=Depends(get_pool)):
    return await pool.fetch("select * from items")


@asynccontextmanager
async def logging_lifespan(app):
    logging.getLogger(__name__).info("starting")
    yield


quiet_app = FastAPI(lifespan=logging_lifespan)


@quiet_app.get("/")
async def home():
    return {}


router = APIRouter()


@router.on_event("startup")  # ALP304:2
async def warm_cache():
    router.state.cache = {}


routed_app = FastAPI()
routed_app.include_router(router)


def create_app():
    built = FastAPI(lifespan=lifespan)

    @built.get("/count")
    async def count(request: Request):
        return await request.app.state.pool.fetchval("select 1")

    return built


@pytest_asyncio.fixture
async def client():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:  # ALP303:16
        yield c


@pytest_asyncio.fixture
async def shortcut_client():
    async with httpx.AsyncClient(app=app, base_url="http://t") as c:  # ALP303:16 ALP302:34
        yield c


@pytest_asyncio.fixture
async def factory_client():
    transport = ASGITransport(create_app())
    async with AsyncClient(transport=transport, base_url="http://t") as c:  # ALP303:16
        yield c


@pytest_asyncio.fixture
async def quiet_client():
    async with AsyncClient(transport=ASGITransport(app=quiet_app), base_url="http://t") as c:  # silent: ALP303
        yield c


@pytest_asyncio.fixture
async def managed_client():
    async with LifespanManager(app) as manager:
        async with AsyncClient(transport=ASGITransport(app=manager.app), base_url="http://t") as c:  # silent: ALP303
            yield c


@pytest_asyncio.fixture
async def by_hand_client():
    async with lifespan(app):
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:  # silent: ALP303
            yield c


@pytest_asyncio.fixture
async def started_app():
    async with app.router.lifespan_context(app):
        yield app


@pytest_asyncio.fixture
async def client_after_startup(started_app):
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:  # silent: ALP303
        yield c


@pytest.mark.asyncio
@pytest.mark.usefixtures("started_app")
async def test_lifespan_by_usefixtures():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:  # silent: ALP303
        assert (await c.get("/")).status_code == 404


@pytest.mark.asyncio
async def test_unresolvable_app_is_fine():
    async with AsyncClient(transport=ASGITransport(app=service_app), base_url="http://t") as c:  # silent: ALP303
        assert (await c.get("/")).status_code == 404


def make_client():
    """A helper: its callers may well enter the lifespan first."""
    return AsyncClient(transport=ASGITransport(app=app), base_url="http://t")
