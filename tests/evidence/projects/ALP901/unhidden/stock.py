"""Stock levels, read through one lazily opened connection that the whole process shares."""

import os

import asyncpg

QUERY = "SELECT quantity FROM (VALUES ('SKU-1', 12), ('SKU-2', 0)) AS stock (sku, quantity) WHERE sku = $1"

_connection = None


async def connection() -> asyncpg.Connection:
    global _connection
    if _connection is None:
        _connection = await asyncpg.connect(os.environ["ALP_EVIDENCE_ASYNCPG_DSN"])
    return _connection


async def quantity_in_stock(sku: str) -> int:
    conn = await connection()
    return await conn.fetchval(QUERY, sku) or 0
