import pytest_asyncio
from era_recorder import note


@pytest_asyncio.fixture(scope="session")
async def session_cached():
    note("session fixture without loop_scope")
    return object()


@pytest_asyncio.fixture(loop_scope="session")
async def function_cached_on_the_session_loop():
    note("function fixture with loop_scope=session")
    return object()


@pytest_asyncio.fixture(scope="session", loop_scope="function")
async def loop_narrower_than_cache():
    note("session fixture with loop_scope=function")
    return object()
