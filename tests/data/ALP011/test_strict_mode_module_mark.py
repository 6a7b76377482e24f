"""A module pytestmark marks every test; pytest_asyncio imported."""
import pytest
import pytest_asyncio

pytestmark = [pytest.mark.asyncio(loop_scope="function"), pytest.mark.slow]


@pytest_asyncio.fixture
async def resource():
    return 1


async def test_marked_by_module(resource):  # silent: ALP011
    assert resource
