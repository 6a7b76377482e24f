"""A ``pytest_plugins`` module: its fixtures are visible to every test."""
import asyncio

import pytest_asyncio


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def lock():
    return asyncio.Lock()
