import pytest
from era_recorder import note


@pytest.mark.asyncio
async def test_default_loop(session_cached):
    note("test without loop_scope")


@pytest.mark.asyncio(loop_scope="session")
async def test_session_loop(session_cached, function_cached_on_the_session_loop):
    note("test with loop_scope=session")


@pytest.mark.asyncio(scope="session")
async def test_session_loop_by_the_old_keyword(session_cached):
    note("test with scope=session")
