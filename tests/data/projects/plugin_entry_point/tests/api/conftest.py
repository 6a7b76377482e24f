"""Overrides the root conftest's fixture for the tests below it: the closest definition wins."""
import asyncio

import pytest


@pytest.fixture
async def fallback_queue():
    return asyncio.Queue()
