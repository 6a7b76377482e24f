"""Async fixtures whose loop differs from the test's (strict mode, defaults unset)."""
import pytest
import pytest_asyncio

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def session_pool():
    yield object()


@pytest_asyncio.fixture(loop_scope="session")
async def per_test_on_session_loop():
    return object()


@pytest_asyncio.fixture(scope="module")  # ALP004:2
async def module_client():
    yield object()


@pytest_asyncio.fixture
async def function_resource():
    return object()


async def test_function_loop(session_pool, module_client, function_resource):  # ALP003:30 ALP003:44
    assert session_pool and module_client and function_resource


@pytest.mark.asyncio(loop_scope="session")
async def test_session_loop(session_pool, per_test_on_session_loop, function_resource):  # ALP003:69
    assert session_pool and per_test_on_session_loop and function_resource


@pytest_asyncio.fixture(loop_scope="session")
async def derived(session_pool, function_resource):  # ALP003:33
    return session_pool, function_resource


def test_sync_consumer(session_pool):
    """Sync tests run on no loop: nothing to compare."""
    assert session_pool


async def test_unknown_fixture(some_plugin_fixture, tmp_path):
    """Fixtures from installed plugins or pytest itself are not in the graph: silent."""
    assert some_plugin_fixture and tmp_path


class TestGrouped:
    pytestmark = pytest.mark.asyncio(loop_scope="session")

    @pytest_asyncio.fixture(loop_scope="session")
    async def class_fixture(self):
        return object()

    async def test_in_class(self, class_fixture, session_pool, function_resource):  # ALP003:64
        assert class_fixture and session_pool and function_resource


@pytest.fixture(scope="session")
def sync_session_value():
    return 1


async def test_sync_fixture_is_fine(sync_session_value):
    assert sync_session_value


def dynamic_scope():
    return "session"


@pytest_asyncio.fixture(scope=dynamic_scope)
async def dynamic():
    """Callable scope: unknown, so neither the fixture nor its consumers are judged."""
    return object()


async def test_dynamic(dynamic):
    assert dynamic
