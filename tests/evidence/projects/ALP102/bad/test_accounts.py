from accounts import balance, server_version


async def test_balance_sums_the_movements(pool):
    assert await balance(pool, [1000, -250, 75]) == 825


async def test_empty_account_has_zero_balance(pool):
    assert await balance(pool, []) == 0


async def test_server_is_reachable(pool):
    assert await server_version(pool)
