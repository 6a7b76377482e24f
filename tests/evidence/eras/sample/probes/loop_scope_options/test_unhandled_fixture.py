import pytest


@pytest.fixture
async def unhandled_async_fixture():
    return "never awaited"


def test_sync_test_requesting_an_unhandled_async_fixture(unhandled_async_fixture):
    pass
