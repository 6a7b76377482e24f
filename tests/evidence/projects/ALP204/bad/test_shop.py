import httpx
import pytest
import pytest_asyncio

from shop import app


@pytest_asyncio.fixture
async def client():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shop.test") as client:
        yield client


@pytest.mark.asyncio
async def test_known_sku_has_a_price(client):
    response = await client.get("/prices/SKU-1")
    assert response.json() == {"sku": "SKU-1", "cents": 1250}


@pytest.mark.asyncio
async def test_unknown_sku_is_not_found(client):
    response = await client.get("/prices/SKU-404")
    assert response.status_code == 404


@pytest.mark.asyncio
async def test_price_list_is_not_empty(client):
    response = await client.get("/prices/SKU-2")
    assert response.json()["cents"] > 0
