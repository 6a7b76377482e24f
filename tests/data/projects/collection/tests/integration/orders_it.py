"""Collected through the path pattern ``tests/integration/*_it.py``."""


async def test_forgot_the_mark():  # ALP011:1
    assert True
