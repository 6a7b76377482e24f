import os

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(os.environ["ALP_EVIDENCE_DSN"])


@pytest.mark.asyncio
async def test_stock_is_counted():
    async with engine.connect() as connection:
        result = await connection.execute(text("SELECT count(*) FROM (VALUES (1), (2), (3)) AS stock(n)"))
        assert result.scalar_one() == 3


@pytest.mark.asyncio
async def test_reservations_are_subtracted():
    async with engine.connect() as connection:
        result = await connection.execute(
            text("SELECT CAST(:on_hand AS int) - CAST(:reserved AS int)"), {"on_hand": 10, "reserved": 4}
        )
        assert result.scalar_one() == 6


@pytest.mark.asyncio
async def test_database_clock_is_set():
    async with engine.connect() as connection:
        result = await connection.execute(text("SELECT now() IS NOT NULL"))
        assert result.scalar_one() is True
