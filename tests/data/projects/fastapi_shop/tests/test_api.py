"""Async tests over the conftest's clients: only the sync TestClient is the wrong tool here."""
import pytest


@pytest.mark.asyncio
async def test_price_with_sync_client(sync_client):  # silent: ALP301
    assert sync_client.get("/prices/apple").json() == {"price": 3}


@pytest.mark.asyncio
async def test_items(client):
    assert (await client.get("/items")).json() == ["apple"]


@pytest.mark.asyncio
async def test_price(managed_client, state_client, plain_client):
    assert (await managed_client.get("/prices/apple")).json() == {"price": 3}
    assert (await state_client.get("/prices/apple")).json() == {"price": 3}
    assert (await plain_client.get("/health")).json() == {"ok": True}


def test_sync_clients(entered_client, sync_client):
    assert entered_client.get("/prices/apple").json() == {"price": 3}
    assert sync_client.get("/health").status_code == 404
