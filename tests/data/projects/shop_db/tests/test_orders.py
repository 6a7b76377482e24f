"""Tests on per-test loops importing the app's pooled engine and its session factory (ALP201 at the import)."""
from app.db import SessionLocal, engine  # ALP201:1
from app.db import get_session


async def test_create_order(connection):
    async with engine.begin() as transaction:
        await transaction.exec_driver_sql("insert into orders default values")


async def test_list_orders():
    async with SessionLocal() as session:
        await session.execute("select 1")


async def test_dependency():
    async for session in get_session():
        assert session
