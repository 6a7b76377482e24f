import asyncio

from sqlalchemy import text

from app.db import engine


async def test_db_answers(db_session):
    assert (await db_session.execute(text("select 1"))).scalar() == 1


async def test_engine_directly():
    async with engine.connect() as connection:
        assert (await connection.execute(text("select 1"))).scalar() == 1


async def test_health_endpoint(client):
    assert client.get("/health").status_code == 200


async def test_health_async(api):
    assert (await api.get("/health")).status_code == 200


def test_schema_created():
    asyncio.run(engine.dispose())
