import httpx
import pytest

from status import app


@pytest.mark.asyncio
async def test_health_is_ok():
    async with httpx.AsyncClient(app=app, base_url="http://test") as client:
        response = await client.get("/health")
    assert response.json()["status"] == "ok"


@pytest.mark.asyncio
async def test_health_reports_the_version():
    async with httpx.AsyncClient(app=app, base_url="http://test") as client:
        response = await client.get("/health")
    assert response.json()["version"] == "0.4.1"
