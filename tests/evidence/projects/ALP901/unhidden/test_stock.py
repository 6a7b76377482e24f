import pytest

from stock import quantity_in_stock


@pytest.mark.asyncio
async def test_stocked_sku():
    assert await quantity_in_stock("SKU-1") == 12


@pytest.mark.asyncio
async def test_sold_out_sku():
    assert await quantity_in_stock("SKU-2") == 0


@pytest.mark.asyncio
async def test_unknown_sku():
    assert await quantity_in_stock("SKU-404") == 0
