"""A fixture cached longer than its loop lives: ScopeMismatch at setup."""
# asyncloop-options: --asyncio-mode=auto --asyncio-default-fixture-loop-scope=function
import asyncio
import pytest
import pytest_asyncio


@pytest_asyncio.fixture(scope="module", loop_scope="function")  # ALP005:2
async def explicit_mismatch():
    return asyncio.Queue()


@pytest.fixture(scope="session")  # ALP005:2
async def config_mismatch():
    yield asyncio.Queue()


@pytest_asyncio.fixture(scope="session", loop_scope="session")  # silent: ALP005
async def aligned():
    yield asyncio.Queue()


@pytest_asyncio.fixture(scope="function", loop_scope="session")
async def per_test_value_on_session_loop():
    return asyncio.Queue()


@pytest.mark.asyncio(scope="module")  # ALP005:22
async def test_deprecated_mark_argument():
    pass


@pytest.mark.asyncio(loop_scope="module")  # silent: ALP005
async def test_right_argument():
    pass
