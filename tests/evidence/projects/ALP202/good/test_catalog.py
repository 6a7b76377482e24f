import pytest

from catalog import price_in_cents, search_terms


@pytest.mark.asyncio
async def test_prices_are_stored_in_cents(engine):
    async with engine.connect() as connection:
        assert await price_in_cents(connection, "12.50") == 1250


@pytest.mark.asyncio
async def test_titles_are_split_into_search_terms(engine):
    async with engine.connect() as connection:
        assert await search_terms(connection, "Blue Garden Chair") == ["blue", "garden", "chair"]
