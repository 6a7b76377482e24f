"""Async clients over ASGITransport for apps with lifespan handlers (ALP303).

httpx's ASGITransport sends only http scopes, never lifespan ones: the startup
and shutdown handlers of the app run only when something enters
``LifespanManager(app)`` or ``app.router.lifespan_context(app)`` in the same
fixture or test, or in a fixture it depends on.  Apps without handlers, apps
the linter cannot read and clients built in helper functions are silent.
"""
from contextlib import asynccontextmanager

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from fastapi import APIRouter, FastAPI
from httpx import ASGITransport, AsyncClient
from vendored_service import service_app


@asynccontextmanager
async def lifespan(app):
    app.state.ready = True
    yield


app = FastAPI(lifespan=lifespan)
plain_app = FastAPI()
no_lifespan_app = FastAPI(lifespan=None)

router = APIRouter()


@router.on_event("startup")  # ALP304:2
async def warm_cache():
    pass


routed_app = FastAPI()
routed_app.include_router(router)


def create_app(with_lifespan=None):
    built = FastAPI(on_shutdown=[warm_cache])  # ALP304:21
    built.state.lifespan = with_lifespan
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


@pytest.mark.asyncio
async def test_routed_app():
    transport = httpx.ASGITransport(app=routed_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:  # ALP303:16
        assert (await c.get("/")).status_code == 404


@pytest_asyncio.fixture
async def managed_client():
    async with LifespanManager(app) as manager:
        async with AsyncClient(transport=ASGITransport(app=manager.app), base_url="http://t") as c:
            yield c


@pytest_asyncio.fixture
async def started_app():
    async with app.router.lifespan_context(app):
        yield app


@pytest_asyncio.fixture
async def client_after_startup(started_app):
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:
        yield c


@pytest.mark.asyncio
@pytest.mark.usefixtures("started_app")
async def test_lifespan_by_usefixtures():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404


@pytest.mark.asyncio
async def test_apps_without_handlers_are_fine():
    for target in (plain_app, no_lifespan_app):
        async with AsyncClient(transport=ASGITransport(app=target), base_url="http://t") as c:
            assert (await c.get("/")).status_code == 404
    async with AsyncClient(transport=ASGITransport(app=plain_app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404
    async with AsyncClient(transport=ASGITransport(app=no_lifespan_app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404


@pytest.mark.asyncio
async def test_unresolvable_app_is_fine():
    async with AsyncClient(transport=ASGITransport(app=service_app), base_url="http://t") as c:
        assert (await c.get("/")).status_code == 404


def make_client():
    """A helper: its callers may well enter the lifespan first."""
    return AsyncClient(transport=ASGITransport(app=app), base_url="http://t")
