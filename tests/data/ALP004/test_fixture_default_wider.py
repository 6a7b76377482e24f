"""The seed config: fixtures default to the session loop, tests stay on function loops."""
# asyncloop-options: --asyncio-mode=auto --asyncio-default-fixture-loop-scope=session
import asyncio
import pytest
import pytest_asyncio


@pytest.fixture(scope="session")  # ALP004:2
async def db_session():
    yield asyncio.Queue()


@pytest.fixture  # ALP004:2
async def per_test_client():
    yield asyncio.Queue()


@pytest_asyncio.fixture(loop_scope="function")
async def explicit_function():
    return asyncio.Queue()


@pytest.fixture
def sync_helper():
    return 1


@pytest.fixture(scope="session")  # silent: ALP004
async def database_url():
    return "postgresql://db/test"


async def test_query(db_session, per_test_client, explicit_function, sync_helper):  # ALP003:22 ALP003:34
    assert db_session and per_test_client and explicit_function and sync_helper
