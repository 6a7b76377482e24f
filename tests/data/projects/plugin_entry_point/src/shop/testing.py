"""The project's pytest plugin (a ``pytest11`` entry point): its fixtures reach every test."""
import asyncpg
import pytest


@pytest.fixture(scope="session", loop_scope="session")
async def warehouse():
    async with asyncpg.create_pool("postgresql://db") as pool:
        yield pool
