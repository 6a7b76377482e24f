"""Product catalogue queries, run through SQLAlchemy's asyncio API."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def price_in_cents(connection: AsyncConnection, euros: str) -> int:
    result = await connection.execute(text("SELECT CAST(CAST(:euros AS numeric) * 100 AS int)"), {"euros": euros})
    return result.scalar_one()


async def search_terms(connection: AsyncConnection, title: str) -> list[str]:
    result = await connection.execute(text("SELECT unnest(string_to_array(lower(:title), ' '))"), {"title": title})
    return list(result.scalars())
