from inventory import on_hand, receive, ship


async def test_received_stock_is_on_hand(connection):
    await receive(connection, "lamp", 12)
    assert await on_hand(connection, "lamp") == 12


async def test_shipping_takes_stock_off_hand(connection):
    await receive(connection, "desk", 5)
    await ship(connection, "desk", 2)
    assert await on_hand(connection, "desk") == 3


async def test_unknown_product_has_no_stock(connection):
    assert await on_hand(connection, "sofa") is None
