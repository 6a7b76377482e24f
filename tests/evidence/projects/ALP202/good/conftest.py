import os

import pytest_asyncio
from sqlalchemy.ext.asyncio import create_async_engine


@pytest_asyncio.fixture
async def engine():
    engine = create_async_engine(os.environ["ALP_EVIDENCE_DSN"])
    yield engine
    await engine.dispose()
