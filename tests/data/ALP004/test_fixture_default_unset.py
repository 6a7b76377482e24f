"""Default unset: an async fixture runs on the loop of its own caching scope."""
# asyncloop-options: --asyncio-mode=auto
import asyncio
import pytest


@pytest.fixture(scope="session")  # ALP004:2
async def session_engine():
    yield asyncio.Queue()


@pytest.fixture(scope="session", name="fixture_with_loop_scope")
def not_async():
    return 1


@pytest.fixture
async def function_scoped():
    yield asyncio.Queue()


async def test_uses(session_engine, function_scoped):  # ALP003:21
    assert session_engine and function_scoped
