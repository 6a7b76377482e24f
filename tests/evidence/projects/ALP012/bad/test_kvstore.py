import pytest


@pytest.mark.anyio
async def test_stored_value_is_read_back(kv_client):
    await kv_client.set("colour", "blue")
    assert await kv_client.get("colour") == "blue"


@pytest.mark.anyio
async def test_missing_key_reads_empty(kv_client):
    assert await kv_client.get("nothing") == ""
