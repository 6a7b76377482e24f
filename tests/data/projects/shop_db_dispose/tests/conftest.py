"""A function-scoped autouse fixture disposes the pool on each test's own loop: the documented fix."""
import pytest

from app.db import engine


@pytest.fixture(autouse=True)
async def dispose_engine_per_test():
    yield
    await engine.dispose()
