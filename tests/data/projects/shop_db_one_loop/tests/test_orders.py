"""Every test and fixture on the session loop: the pooled engine is only used on one loop."""
from app.db import SessionLocal, engine


async def test_create_order():
    async with engine.begin() as transaction:
        await transaction.exec_driver_sql("insert into orders default values")


async def test_list_orders():
    async with SessionLocal() as session:
        await session.execute("select 1")
