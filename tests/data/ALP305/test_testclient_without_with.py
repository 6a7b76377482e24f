"""TestClient not entered as a context manager, for an app whose startup the routes need (ALP305).

Outside ``with`` Starlette's TestClient never sends lifespan events and starts a new portal
loop for every request.  Harm needs the startup to provide what a route reads (here the
Redis client on ``app.state``).  A client entered later (``with client:``,
``enter_context``), one built in a helper its callers may enter, and clients of apps whose
startup does nothing routes read, or that cannot be resolved, are silent.
"""
from contextlib import ExitStack, asynccontextmanager

import pytest
import redis.asyncio as redis
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from myservice_not_in_this_project import app as unknown_app


@asynccontextmanager
async def lifespan(app):
    app.state.cache = redis.from_url("redis://cache")
    yield
    await app.state.cache.aclose()


app = FastAPI(lifespan=lifespan)
plain_app = FastAPI(lifespan=lifespan)


@app.get("/hits")
async def hits(request: Request):
    return await request.app.state.cache.get("hits")

client = TestClient(app)  # ALP305:10
entered_later = TestClient(app)
plain_client = TestClient(plain_app)  # silent: ALP305
unknown_client = TestClient(unknown_app)  # silent: ALP305


@pytest.fixture(scope="session")
def session_client():
    return TestClient(app)  # ALP305:12


@pytest.fixture
def yielded_client():
    test_client = TestClient(app=app)  # ALP305:19
    yield test_client


@pytest.fixture
def entered_by_consumer():
    return TestClient(app)


@pytest.fixture
def stacked_client():
    with ExitStack() as stack:
        yield stack.enter_context(TestClient(app))


def test_inline_request():
    assert TestClient(app).get("/").status_code == 404  # ALP305:12


def test_entered_fixture(entered_by_consumer):
    with entered_by_consumer:
        assert entered_by_consumer.get("/").status_code == 404


def test_module_client_entered():
    with entered_later as entered:
        assert entered.get("/").status_code == 404


def test_with_is_fine():
    with TestClient(app) as entered:  # silent: ALP305
        assert entered.get("/").status_code == 404


def build_client():
    """A helper: ``with build_client() as c`` is how callers use it."""
    return TestClient(app)
