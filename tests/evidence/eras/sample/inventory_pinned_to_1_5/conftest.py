import os

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from inventory import metadata


@pytest.fixture(scope="session")
async def engine():
    engine = create_async_engine(os.environ["ALP_EVIDENCE_DSN"])
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine):
    """A connection per test, inside a transaction that is rolled back afterwards."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()
