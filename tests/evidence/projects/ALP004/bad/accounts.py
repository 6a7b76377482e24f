"""Account ledger queries, written against a plain asyncpg connection."""

import asyncpg

SCHEMA = """
CREATE TEMPORARY TABLE accounts (
    id serial PRIMARY KEY,
    owner text NOT NULL,
    balance_cents bigint NOT NULL DEFAULT 0
) ON COMMIT DROP
"""


async def open_account(conn: asyncpg.Connection, owner: str) -> int:
    return await conn.fetchval("INSERT INTO accounts (owner) VALUES ($1) RETURNING id", owner)


async def deposit(conn: asyncpg.Connection, account_id: int, cents: int) -> None:
    await conn.execute(
        "UPDATE accounts SET balance_cents = balance_cents + $2 WHERE id = $1", account_id, cents
    )


async def balance(conn: asyncpg.Connection, account_id: int) -> int:
    return await conn.fetchval("SELECT balance_cents FROM accounts WHERE id = $1", account_id)
