import pytest

from orders import create_order, quantity_ordered

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_new_order_gets_an_id(db_session):
    assert await create_order(db_session, "SKU-1", 2) > 0


async def test_quantities_add_up(db_session):
    await create_order(db_session, "SKU-2", 3)
    await create_order(db_session, "SKU-2", 4)
    assert await quantity_ordered(db_session, "SKU-2") == 7


async def test_unknown_sku_has_no_orders(db_session):
    assert await quantity_ordered(db_session, "SKU-404") == 0
