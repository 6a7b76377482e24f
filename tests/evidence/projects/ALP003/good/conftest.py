import os

import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from orders import CREATE_TABLE


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def db_session():
    """One connection for the whole run: the schema is created once, on the session loop."""
    engine = create_async_engine(os.environ["ALP_EVIDENCE_DSN"])
    try:
        async with engine.connect() as connection:
            await connection.execute(CREATE_TABLE)
            async with AsyncSession(bind=connection) as session:
                yield session
    finally:
        await engine.dispose()
