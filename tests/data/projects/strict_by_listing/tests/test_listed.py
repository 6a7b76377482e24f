"""pytest-asyncio is listed (a PEP 735 group) and there is no pytest config: strict mode, so nothing runs these."""
import pytest


@pytest.fixture  # ALP010:2
async def client():
    return 1


async def test_unmarked(client):  # ALP011:1
    assert client
