import pytest


@pytest.mark.asyncio
async def test_health(client):
    response = await client.get("/health")
    assert response.json() == {"status": "ok"}


@pytest.mark.asyncio
async def test_greeting_names_the_caller(client):
    response = await client.get("/greet/ada")
    assert response.json() == {"greeting": "hello ada"}
