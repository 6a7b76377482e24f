"""Account balances in PostgreSQL; a transfer is one transaction."""

import asyncpg

SCHEMA = "CREATE TEMPORARY TABLE accounts (id serial PRIMARY KEY, owner text NOT NULL, balance integer NOT NULL)"


async def open_account(db: asyncpg.Connection, owner: str, balance: int) -> int:
    return await db.fetchval("INSERT INTO accounts (owner, balance) VALUES ($1, $2) RETURNING id", owner, balance)


async def transfer(db: asyncpg.Connection, source: int, target: int, amount: int) -> None:
    async with db.transaction():
        await db.execute("UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, source)
        await db.execute("UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, target)


async def balance(db: asyncpg.Connection, account: int) -> int:
    return await db.fetchval("SELECT balance FROM accounts WHERE id = $1", account)
