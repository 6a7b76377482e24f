"""Starlette's sync TestClient inside async tests and async fixtures (ALP301).

The app behind a TestClient runs on the client's portal loop in a worker thread,
so anything the app creates lives on a loop the async test does not own.  Sync
tests and sync fixtures entering ``with TestClient(app)`` are the supported use
and stay silent, as do other libraries' classes named TestClient.
"""
import pytest
import pytest_asyncio
from fastapi import FastAPI
from fastapi.testclient import TestClient as FastAPIClient
from starlette import testclient
from starlette.testclient import TestClient

app = FastAPI()
shared = TestClient(app)


@pytest_asyncio.fixture
async def async_client():
    yield TestClient(app)  # ALP301:11


@pytest.fixture(scope="session")
def session_client():
    with TestClient(app) as client:
        yield client


@pytest.fixture
def plain_client():
    client = FastAPIClient(app)
    return client


@pytest.mark.asyncio
async def test_creates_client():
    with testclient.TestClient(app) as client:  # ALP301:10
        assert client.get("/").status_code == 404


@pytest.mark.asyncio
async def test_uses_module_client():
    response = shared.get("/")  # ALP301:16
    assert response.status_code == 404


@pytest.mark.asyncio
async def test_requests_session_client(session_client):  # ALP301:40
    assert session_client.get("/").status_code == 404


@pytest.mark.asyncio
async def test_requests_plain_client(plain_client, tmp_path):  # ALP301:38
    assert plain_client.get("/").status_code == 404


@pytest_asyncio.fixture
async def seeded(plain_client):  # ALP301:18
    plain_client.post("/seed")
    return plain_client


def test_sync_test_is_fine(session_client, plain_client):
    """Sync tests are what TestClient is for."""
    assert session_client.get("/").status_code == 404
    assert shared.get("/").status_code == 404


def test_sync_with_is_fine():
    with TestClient(app) as client:
        assert client.get("/").status_code == 404


@pytest.mark.asyncio
async def test_async_client_fixture_is_fine(async_client_ok):
    response = await async_client_ok.get("/")
    assert response.status_code == 404


@pytest_asyncio.fixture
async def async_client_ok():
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client
