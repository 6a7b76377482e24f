"""Account balances, kept in PostgreSQL and read through an asyncpg pool."""

import asyncpg


async def open_pool(dsn: str) -> asyncpg.Pool:
    return await asyncpg.create_pool(dsn, min_size=1, max_size=2)


async def balance(pool: asyncpg.Pool, cents_in: list[int]) -> int:
    async with pool.acquire() as connection:
        return await connection.fetchval("SELECT coalesce(sum(c), 0) FROM unnest($1::int[]) AS c", cents_in)


async def server_version(pool: asyncpg.Pool) -> str:
    return await pool.fetchval("SHOW server_version")
