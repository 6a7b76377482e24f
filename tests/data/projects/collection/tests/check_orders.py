"""Collected through ``python_files = check_*.py``; its fixtures come from the conftest's imports."""
import pytest


@pytest.mark.asyncio
async def test_uses_imported_fixtures(session_pool, queue, lock, pool):  # ALP003:39 ALP003:53 ALP003:60
    assert session_pool and queue and lock and pool


@pytest.mark.asyncio
async def test_unknown_fixtures(hidden_queue, not_imported):  # silent: ALP003
    """Neither is registered where this test can see it: pytest would error, the linter stays silent."""
    assert hidden_queue and not_imported


async def test_forgot_the_mark():  # ALP011:1
    assert True
