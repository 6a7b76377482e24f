"""Who owns what a fixture or dependency hands out (ALP205).

A session bound to a connection that its own code closes owns no pool; a session whose
transaction is released by ``async with session.begin()`` holds no connection afterwards.
An engine handed only to a session maker is still open: the maker does not own it.  A
dependency override that yields a new session and never closes it leaks one per request.
"""
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

app = FastAPI()


async def get_session():
    yield None


@pytest_asyncio.fixture
async def engine():
    engine = create_async_engine("postgresql+asyncpg://db/test")  # ALP205:14
    yield engine


@pytest_asyncio.fixture
async def session_factory(engine):
    return async_sessionmaker(engine, expire_on_commit=False)


@pytest_asyncio.fixture
async def bound_to_connection(engine):
    async with engine.connect() as connection:
        session = AsyncSession(bind=connection)  # silent: ALP205
        yield session


@pytest_asyncio.fixture
async def released_by_begin(session_factory):
    session = session_factory()  # silent: ALP205
    async with session.begin():
        yield session


@pytest.fixture
def override_session(session_factory):
    async def fresh_session():
        session = session_factory()  # ALP205:19
        yield session

    app.dependency_overrides[get_session] = fresh_session
    yield
    app.dependency_overrides.clear()


async def per_request_session():
    session = AsyncSession(create_async_engine("postgresql+asyncpg://db/test"))  # ALP205:15
    yield session


app.dependency_overrides[get_session] = per_request_session


@pytest.fixture(scope="session")
def wrapped_engine():
    return create_async_engine("postgresql+asyncpg://db/test")  # ALP205:12


def test_partial_session(wrapped_engine):
    from functools import partial

    make = partial(AsyncSession, wrapped_engine)
    assert make


null_engine = create_async_engine("postgresql+asyncpg://db/test", poolclass=NullPool)


@pytest_asyncio.fixture
async def null_pool_connection():
    """A NullPool engine may be shared, but a connection it opened is live and must be closed."""
    return await null_engine.connect()  # ALP205:18
