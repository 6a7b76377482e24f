import pytest
from httpx import ASGITransport, AsyncClient

from greeter import app


@pytest.mark.asyncio
async def test_english_greeting():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        response = await client.get("/greeting/en")
    assert response.json() == {"text": "hello"}


@pytest.mark.asyncio
async def test_french_greeting():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        response = await client.get("/greeting/fr")
    assert response.json() == {"text": "bonjour"}
