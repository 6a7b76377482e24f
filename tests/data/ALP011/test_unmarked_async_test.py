"""Strict mode, pytest-asyncio in use: an async test without a mark is run by no plugin (ALP011)."""
import pytest


async def test_forgot_the_mark():  # ALP011:1
    assert True


@pytest.mark.asyncio
async def test_marked():  # silent: ALP011
    assert True
