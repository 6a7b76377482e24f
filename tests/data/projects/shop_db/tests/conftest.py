"""Function-loop fixtures on the app's pooled engine; a dispose only at session end is no fix (ALP201)."""
import pytest

from app.db import engine  # ALP201:1


@pytest.fixture
async def connection():
    async with engine.connect() as connection:
        yield connection


@pytest.fixture(scope="session", autouse=True)  # silent: ALP004
async def dispose_at_the_end():
    yield
    await engine.dispose()
