"""Starlette's sync TestClient inside async tests and fixtures, sharing loop-bound objects (ALP301).

The app behind a TestClient runs on the client's portal loop in a worker thread.  Harm needs
a loop-bound object used on both sides: here an async fixture puts a pool made on the test's
loop into ``app.state``, and the app's route reads it on the portal loop.  An app that shares
nothing with the test loop, sync tests and ``with TestClient(app)`` in sync fixtures stay
silent, as do other libraries' classes named TestClient.
"""
import asyncpg
import pytest
import pytest_asyncio
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient as FastAPIClient
from starlette import testclient
from starlette.testclient import TestClient

app = FastAPI()
shared = TestClient(app)
plain_app = FastAPI()


@app.get("/count")
async def count(request: Request):
    return await request.app.state.pool.fetchval("select count(*) from notes")


@plain_app.get("/")
async def home():
    return {"ok": True}


@pytest_asyncio.fixture
async def pool():
    pool = await asyncpg.create_pool("postgresql://db")
    app.state.pool = pool
    yield pool
    await pool.close()


@pytest.fixture
def plain_client():
    client = FastAPIClient(app)
    return client


@pytest.mark.asyncio
async def test_creates_client(pool):
    with testclient.TestClient(app) as client:  # ALP301:10
        assert client.get("/count").status_code == 200


@pytest.mark.asyncio
async def test_uses_module_client(pool):
    response = shared.get("/count")  # ALP301:16
    assert response.status_code == 200


@pytest.mark.asyncio
async def test_requests_plain_client(plain_client, pool):  # ALP301:38
    assert plain_client.get("/count").status_code == 200


@pytest.mark.asyncio
async def test_app_sharing_nothing():
    with TestClient(plain_app) as client:  # silent: ALP301
        assert client.get("/").status_code == 200


def test_sync_test_is_fine(plain_client):  # silent: ALP301
    """Sync tests are what TestClient is for."""
    assert plain_client.get("/count").status_code == 200
