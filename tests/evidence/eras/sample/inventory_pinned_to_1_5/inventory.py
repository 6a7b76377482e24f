"""Stock levels per product, kept in PostgreSQL through SQLAlchemy's asyncio API."""

from sqlalchemy import Column, Integer, MetaData, String, Table, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

metadata = MetaData()
stock = Table(
    "inventory_stock", metadata,
    Column("sku", String, primary_key=True),
    Column("quantity", Integer, nullable=False),
)


async def receive(connection: AsyncConnection, sku: str, quantity: int) -> None:
    await connection.execute(stock.insert().values(sku=sku, quantity=quantity))


async def ship(connection: AsyncConnection, sku: str, quantity: int) -> None:
    await connection.execute(update(stock).where(stock.c.sku == sku).values(quantity=stock.c.quantity - quantity))


async def on_hand(connection: AsyncConnection, sku: str) -> int:
    return await connection.scalar(select(stock.c.quantity).where(stock.c.sku == sku))
