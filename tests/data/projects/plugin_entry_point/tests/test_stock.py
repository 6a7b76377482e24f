import pytest


async def test_counts(warehouse, fallback_queue):  # ALP003:23 ALP003:34
    assert warehouse and fallback_queue


async def test_ambiguous_fixture(either):  # silent: ALP003
    """``either`` is defined in both branches of an ``if``: which one pytest sees is unknown."""
    assert either


@pytest.mark.asyncio(loop_scope="session")
async def test_on_the_session_loop(warehouse):  # silent: ALP003
    assert warehouse
