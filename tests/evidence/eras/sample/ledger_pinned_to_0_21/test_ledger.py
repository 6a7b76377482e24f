from ledger import balance, open_account, transfer


async def test_new_account_keeps_its_opening_balance(db):
    account = await open_account(db, "ada", 100)
    assert await balance(db, account) == 100


async def test_transfer_moves_the_amount(db):
    alice, bob = await open_account(db, "alice", 50), await open_account(db, "bob", 0)
    await transfer(db, alice, bob, 20)
    assert (await balance(db, alice), await balance(db, bob)) == (30, 20)


async def test_transfer_of_everything_leaves_zero(db):
    carol, dave = await open_account(db, "carol", 70), await open_account(db, "dave", 5)
    await transfer(db, carol, dave, 70)
    assert await balance(db, carol) == 0
