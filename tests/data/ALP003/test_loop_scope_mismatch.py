"""Async fixtures whose loop differs from their requester's, holding loop-bound values (ALP003).

Strict mode, defaults unset: a session fixture runs on the session loop, tests on function
loops.  A finding needs harm: the fixture's value is bound to the loop it was made on (an
engine connection, a pool, a client with a connection pool, a primitive) or the fixture leaves
a task running on its loop.  Plain data crossing loops is harmless.
"""
import asyncio

import asyncpg
import httpx
import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def session_pool():
    pool = await asyncpg.create_pool("postgresql://db/test")
    yield pool
    await pool.close()


@pytest_asyncio.fixture(loop_scope="session")
async def per_test_on_session_loop():
    engine = create_async_engine("postgresql+asyncpg://db/test")
    async with engine.connect() as connection:
        yield connection
    await engine.dispose()


@pytest_asyncio.fixture(scope="module")  # ALP004:2
async def module_client():
    async with httpx.AsyncClient(base_url="https://api.example.org") as client:
        yield client


@pytest_asyncio.fixture
async def function_lock():
    return asyncio.Lock()


async def test_function_loop(session_pool, module_client, function_lock):  # ALP003:30 ALP003:44
    assert session_pool and module_client and function_lock


@pytest.mark.asyncio(loop_scope="session")
async def test_session_loop(session_pool, per_test_on_session_loop, function_lock):  # ALP003:69
    assert session_pool and per_test_on_session_loop and function_lock


@pytest_asyncio.fixture(loop_scope="session")
async def derived(session_pool, function_lock):  # ALP003:33
    return session_pool, function_lock


def test_sync_consumer(session_pool):  # silent: ALP003
    """Sync tests run on no loop: nothing to compare."""
    assert session_pool


async def test_unknown_fixture(some_plugin_fixture, tmp_path):  # silent: ALP003
    """Fixtures from installed plugins or pytest itself are not in the graph: silent."""
    assert some_plugin_fixture and tmp_path


class TestGrouped:
    pytestmark = pytest.mark.asyncio(loop_scope="session")

    @pytest_asyncio.fixture(loop_scope="session")
    async def class_fixture(self):
        return asyncio.Queue()

    async def test_in_class(self, class_fixture, session_pool, function_lock):  # ALP003:64
        assert class_fixture and session_pool and function_lock


def dynamic_scope():
    return "session"


@pytest_asyncio.fixture(scope=dynamic_scope)
async def dynamic():
    """Callable scope: unknown, so neither the fixture nor its consumers are judged."""
    return asyncio.Event()


async def test_dynamic(dynamic):  # silent: ALP003
    assert dynamic
