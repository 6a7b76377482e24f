"""The seed config: fixtures default to the session loop, tests stay on function loops."""
# asyncloop-options: --asyncio-mode=auto --asyncio-default-fixture-loop-scope=session
import pytest
import pytest_asyncio


@pytest.fixture(scope="session")  # ALP004:2
async def db_session():
    yield object()


@pytest.fixture  # ALP004:2
async def per_test_client():
    yield object()


@pytest_asyncio.fixture(loop_scope="function")
async def explicit_function():
    return object()


@pytest.fixture
def sync_helper():
    return 1


async def test_query(db_session, per_test_client, explicit_function, sync_helper):  # ALP003:22 ALP003:34
    assert db_session and per_test_client and explicit_function and sync_helper
