"""A fixture takes a session from the app's generator dependency and leaves the loop early (ALP205).

``break`` after the yield abandons ``get_db()`` with its cleanup still pending: the session
is closed only when the garbage collector finalises the generator, after the loop is gone.
Letting the ``async for`` run to its end closes it during the fixture's teardown.
"""
import pytest_asyncio
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

Session = async_sessionmaker(create_async_engine("postgresql+asyncpg://db/test"))


async def get_db():
    session = Session()
    try:
        yield session
    finally:
        await session.close()


@pytest_asyncio.fixture
async def abandoned():
    async for db in get_db():  # ALP205:5
        yield db
        break


@pytest_asyncio.fixture
async def finished():
    async for db in get_db():  # silent: ALP205
        yield db
