"""A hook whose loop scope comes from the environment: test loops are unknown."""
import os

import pytest
import pytest_asyncio


def pytest_collection_modifyitems(items):
    marker = pytest.mark.asyncio(loop_scope=os.environ.get("LOOP_SCOPE", "session"))
    for item in items:
        item.add_marker(marker)


@pytest_asyncio.fixture(scope="session")
async def db():
    yield object()
