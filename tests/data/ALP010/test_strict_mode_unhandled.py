"""Strict mode (the default) with pytest-asyncio in use."""
import pytest
import pytest_asyncio


@pytest.fixture  # ALP010:2
async def plain_async_fixture():
    return 1


@pytest.fixture(autouse=True)  # ALP010:2
async def autouse_never_runs():
    yield


@pytest_asyncio.fixture  # silent: ALP010
async def handled():
    return 1


@pytest.fixture  # silent: ALP010
def sync_fixture():
    return 1


async def test_unmarked(handled):  # ALP011:1
    assert handled


@pytest.mark.asyncio
async def test_marked(handled):  # silent: ALP011
    assert handled


class TestGroup:
    async def test_method_unmarked(self):  # ALP011:5
        pass

    def test_sync_method(self):
        pass


@pytest.mark.asyncio
class TestMarkedClass:
    async def test_method(self):
        pass


async def helper_not_a_test():
    pass


async def test_async_generator():
    """Async-generator tests are a different mistake (pytest-asyncio xfails them)."""
    yield
