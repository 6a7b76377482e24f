"""Session fixtures requested by function-loop tests whose values are not bound to a loop (ALP003).

The loops differ, but nothing crosses them that remembers its loop: a URL string, ``None``
(a setup-only fixture), a settings object, an httpx client over ``ASGITransport`` (no
connection pool of its own), a handle from a library the tracer cannot read.  The last case
is unknown, and unknown is silent.
"""
import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from testcontainers.postgres import PostgresContainer

pytestmark = pytest.mark.asyncio
app = FastAPI()


class Settings:
    def __init__(self, url: str) -> None:
        self.url = url
        self.pool_size = 5


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def database_url():
    return "postgresql://db/test"


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def migrated():
    yield


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def settings(database_url):
    return Settings(database_url)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def api():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        yield client


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def container():
    with PostgresContainer("postgres:15") as started:
        yield started


async def test_function_loop(database_url, migrated, settings, api, container):  # silent: ALP003
    assert database_url and settings.url and api and container and migrated is None


from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine  # noqa: E402

sqlite_engine = create_async_engine("sqlite+aiosqlite:///:memory:")
SqliteSession = async_sessionmaker(sqlite_engine)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def sqlite_session():
    """aiosqlite runs each call in a thread and makes its futures on the calling loop: nothing is bound."""
    async with SqliteSession() as session:
        yield session


async def test_sqlite_session_from_a_function_loop(sqlite_session):  # silent: ALP003
    assert sqlite_session
