"""Strict mode, but the hook marks every test: no unmarked-test finding, no scope verdicts."""


async def test_query(db):
    assert db
