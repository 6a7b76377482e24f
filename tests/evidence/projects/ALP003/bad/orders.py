"""Order storage used by the service's request handlers."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CREATE_TABLE = text(
    "CREATE TEMPORARY TABLE orders (id serial PRIMARY KEY, sku text NOT NULL, quantity int NOT NULL)"
)


async def create_order(session: AsyncSession, sku: str, quantity: int) -> int:
    result = await session.execute(
        text("INSERT INTO orders (sku, quantity) VALUES (:sku, :quantity) RETURNING id"),
        {"sku": sku, "quantity": quantity},
    )
    return result.scalar_one()


async def quantity_ordered(session: AsyncSession, sku: str) -> int:
    result = await session.execute(
        text("SELECT coalesce(sum(quantity), 0) FROM orders WHERE sku = :sku"), {"sku": sku}
    )
    return result.scalar_one()
