"""The pytest-asyncio how-to: run every async test on the session loop from a hook."""
import pytest
from pytest_asyncio import is_async_test


def pytest_collection_modifyitems(items):
    session_scope_marker = pytest.mark.asyncio(loop_scope="session")
    for item in (item for item in items if is_async_test(item)):
        item.add_marker(session_scope_marker, append=False)


@pytest.fixture(scope="session")
async def db():
    yield object()
