"""anyio drives these tests: pytest-asyncio's strict mode leaves them alone, so silence."""
import pytest


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def client():
    return 1


@pytest.mark.anyio
async def test_anyio(client):
    assert client


async def test_backend_param(anyio_backend):
    assert anyio_backend
