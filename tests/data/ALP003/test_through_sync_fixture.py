"""A sync fixture hands on what a session-loop async fixture made (ALP003).

The sync ``repository`` fixture runs on no loop, but its value holds the session-loop
connection: the function-loop test that awaits through it crosses loops.
"""
import asyncpg
import pytest
import pytest_asyncio

pytestmark = pytest.mark.asyncio


class Repository:
    def __init__(self, connection) -> None:
        self.connection = connection

    async def count(self) -> int:
        return await self.connection.fetchval("select count(*) from items")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def connection():
    connection = await asyncpg.connect("postgresql://db/test")
    yield connection
    await connection.close()


@pytest.fixture
def repository(connection):
    return Repository(connection)


@pytest.fixture
def table_name():
    return "items"


async def test_counts(repository, table_name):  # ALP003:23
    assert await repository.count() >= 0
