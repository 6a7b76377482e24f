import os

import pytest_asyncio
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

engine = create_async_engine(os.environ["ALP_EVIDENCE_DSN"], poolclass=NullPool)


@pytest_asyncio.fixture
async def connection():
    async with engine.connect() as connection:
        yield connection
