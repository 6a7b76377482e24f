"""No sign of pytest-asyncio at all (no import, no asyncio mark, no config): silent."""
import pytest


@pytest.fixture
async def maybe_trio_fixture():
    return 1


async def test_unmarked(maybe_trio_fixture):
    assert maybe_trio_fixture
