import pytest
from httpx import ASGITransport, AsyncClient

from notes import app


@pytest.mark.asyncio
async def test_new_note_gets_an_id(pool):
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        response = await client.post("/notes", json={"body": "buy milk"})
    assert response.status_code == 201


@pytest.mark.asyncio
async def test_count_starts_at_zero(pool):
    assert await pool.fetchval("SELECT 1") == 1
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        assert (await client.get("/notes/count")).json() == {"count": 0}
