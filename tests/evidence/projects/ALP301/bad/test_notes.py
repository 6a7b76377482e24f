import pytest
from fastapi.testclient import TestClient

from notes import app


@pytest.mark.asyncio
async def test_new_note_gets_an_id(pool):
    client = TestClient(app)
    response = client.post("/notes", json={"body": "buy milk"})
    assert response.status_code == 201


@pytest.mark.asyncio
async def test_count_starts_at_zero(pool):
    assert await pool.fetchval("SELECT 1") == 1
    client = TestClient(app)
    assert client.get("/notes/count").json() == {"count": 0}
