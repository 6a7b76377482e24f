"""SQLAlchemy async engines, connections and sessions handed out by fixtures (ALP205, ALP202).

A fixture that returns or yields an engine, connection or session it created, with
no dispose()/close() after the yield and no async with, leaves it to the garbage
collector, which runs after its loop is closed.  Closing after the yield (pytest
runs fixture teardown even when the test fails), async with, a dependent fixture
that disposes what it receives, a NullPool engine, sync sessions and the session
factories themselves stay silent.  dispose() called without await is ALP202.
"""
import pytest
import pytest_asyncio
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session as SyncSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import NullPool
from sqlmodel.ext.asyncio.session import AsyncSession as ModelSession

URL = "postgresql+asyncpg://db"


@pytest_asyncio.fixture
async def leaked_engine():
    return create_async_engine(URL)  # ALP205:12


@pytest_asyncio.fixture
async def engine():
    engine = create_async_engine(URL)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def wrapped_engine():
    engine = AsyncEngine(create_engine(URL))  # ALP205:14
    yield engine


@pytest_asyncio.fixture
async def disposed_wrapped_engine():
    engine = AsyncEngine(create_engine(URL))
    yield engine
    await engine.dispose()


@pytest.fixture
def null_engine():
    return create_async_engine(URL, poolclass=NullPool)


@pytest_asyncio.fixture
async def session(engine):
    session = AsyncSession(engine)  # ALP205:15
    yield session


@pytest_asyncio.fixture
async def closed_session(engine):
    async with AsyncSession(engine) as session:
        yield session


@pytest_asyncio.fixture
async def model_session(engine):
    session = ModelSession(engine)  # ALP205:15
    yield session


@pytest_asyncio.fixture
async def closed_model_session(engine):
    session = ModelSession(engine)
    yield session
    await session.close()


SessionLocal = async_sessionmaker(expire_on_commit=False)
LegacySession = sessionmaker(class_=AsyncSession)
PositionalSession = sessionmaker(None, AsyncSession)
SyncSessionLocal = sessionmaker(class_=SyncSession)


@pytest_asyncio.fixture
async def maker_session():
    session = SessionLocal()  # ALP205:15
    yield session


@pytest_asyncio.fixture
async def maker_session_closed():
    async with SessionLocal() as session:
        yield session


@pytest_asyncio.fixture
async def legacy_session():
    session = LegacySession()  # ALP205:15
    yield session


@pytest_asyncio.fixture
async def legacy_session_closed():
    session = PositionalSession()
    try:
        yield session
    finally:
        await session.close()


@pytest.fixture
def sync_session():
    return SyncSessionLocal()


@pytest.fixture
def factory():
    return async_sessionmaker(expire_on_commit=False)


@pytest_asyncio.fixture
async def connection(engine):
    connection = await engine.connect()  # ALP205:24
    yield connection


@pytest_asyncio.fixture
async def managed_connection(engine):
    async with engine.connect() as connection:
        yield connection


@pytest_asyncio.fixture
async def transaction(engine):
    async with engine.begin() as connection:
        yield connection
        connection.close()  # ALP202:9


@pytest.fixture
def engine_from_dependent(leaked_engine):
    yield leaked_engine


@pytest_asyncio.fixture
async def engine_closed_by_dependent():
    return create_async_engine(URL)


@pytest_asyncio.fixture
async def disposer(engine_closed_by_dependent):
    yield
    await engine_closed_by_dependent.dispose()


@pytest.fixture
def sync_teardown(engine: AsyncEngine):
    yield
    engine.dispose()  # ALP202:5
