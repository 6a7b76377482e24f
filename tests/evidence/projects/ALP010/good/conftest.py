import httpx
import pytest_asyncio

from app import app


@pytest_asyncio.fixture
async def client():
    """An HTTP client that calls the app in-process."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client
