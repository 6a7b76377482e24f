"""pytest-asyncio 1.5: fixture-scope keeps the 1.x behaviour explicitly; tests on the session loop."""
# asyncloop-options: --asyncio-mode=auto --asyncio-default-fixture-loop-scope=fixture-scope --asyncio-default-test-loop-scope=session
import asyncio
import pytest


@pytest.fixture(scope="session")
async def session_engine():
    yield asyncio.Queue()


@pytest.fixture  # ALP004:2
async def function_scoped():
    yield asyncio.Queue()


async def test_uses(session_engine, function_scoped):  # ALP003:37
    assert session_engine and function_scoped
