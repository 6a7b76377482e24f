import pytest


@pytest.mark.asyncio
async def test_session_fixture_on_a_function_loop(loop_narrower_than_cache):
    pass
