import asyncio

import pytest
from sqlalchemy import text

from app.db import engine


async def create_schema():
    async with engine.begin() as connection:
        await connection.execute(text("create table if not exists hits (n int)"))


@pytest.fixture(scope="module")
def schema():
    asyncio.run(create_schema())


async def test_db_answers(db_session):
    assert (await db_session.execute(text("select 1"))).scalar() == 1


async def test_engine_directly(schema):
    async with engine.connect() as connection:
        assert (await connection.execute(text("select count(*) from hits"))).scalar() == 0


async def test_engine_again():
    async with engine.connect() as connection:
        assert (await connection.execute(text("select 1"))).scalar() == 1


async def test_health_endpoint(client):
    assert client.get("/health").status_code == 200


async def test_health_async(api):
    assert (await api.get("/health")).status_code == 200
