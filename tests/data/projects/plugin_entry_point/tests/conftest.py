"""Fixtures defined in module-level branches: one branch is seen; a name defined in two branches is unknown."""
import asyncio
import os

import pytest

try:
    import uvloop  # noqa: F401
except ImportError:
    @pytest.fixture(scope="session", loop_scope="session")
    async def fallback_queue():
        return asyncio.Queue()

if os.environ.get("CI"):
    @pytest.fixture(scope="session", loop_scope="session")
    async def either():
        return asyncio.Queue()
else:
    @pytest.fixture
    async def either():
        return asyncio.Queue()
