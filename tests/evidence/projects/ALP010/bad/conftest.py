import httpx
import pytest

from app import app


@pytest.fixture
async def client():
    """An HTTP client that calls the app in-process."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client
