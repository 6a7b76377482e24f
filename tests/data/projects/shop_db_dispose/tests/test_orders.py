"""The same tests with a per-test dispose in conftest stay silent."""
from app.db import SessionLocal, engine


async def test_create_order():
    async with engine.begin() as transaction:
        await transaction.exec_driver_sql("insert into orders default values")


async def test_list_orders():
    async with SessionLocal() as session:
        await session.execute("select 1")
