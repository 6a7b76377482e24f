"""The project lists no pytest-asyncio (requirements-dev.txt): nothing here is pytest-asyncio's to run."""
import pytest


@pytest.fixture
async def maybe_trio_fixture():  # silent: ALP010
    return 1


async def test_unmarked(maybe_trio_fixture):  # silent: ALP011
    assert maybe_trio_fixture
