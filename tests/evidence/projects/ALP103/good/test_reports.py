import pytest

from reports import load_orders, totals_by_sku


@pytest.mark.asyncio
async def test_report_covers_every_order():
    orders = await load_orders()
    totals = await totals_by_sku()
    assert sum(totals.values()) == sum(quantity for _, quantity in orders)


@pytest.mark.asyncio
async def test_report_groups_by_sku():
    assert await totals_by_sku() == {"SKU-1": 7, "SKU-2": 3}
