from accounts import balance, deposit, open_account


async def test_new_account_starts_empty(conn):
    account = await open_account(conn, "ada")
    assert await balance(conn, account) == 0


async def test_deposits_add_up(conn):
    account = await open_account(conn, "grace")
    await deposit(conn, account, 250)
    await deposit(conn, account, 125)
    assert await balance(conn, account) == 375
