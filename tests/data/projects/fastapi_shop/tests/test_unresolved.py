"""An app imported from outside the project: its handlers are unknown, so no ALP303/ALP305."""
import pytest
import pytest_asyncio
from fastapi.testclient import TestClient
from httpx import ASGITransport, AsyncClient
from payments_gateway.asgi import app as gateway_app


@pytest_asyncio.fixture
async def gateway_client():
    async with AsyncClient(transport=ASGITransport(app=gateway_app), base_url="http://test") as c:
        yield c


@pytest.mark.asyncio
async def test_gateway(gateway_client):
    assert (await gateway_client.get("/")).status_code == 404


def test_gateway_sync():
    client = TestClient(gateway_app)
    assert client.get("/").status_code == 404
