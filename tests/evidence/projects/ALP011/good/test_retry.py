import pytest

from retry import retry


@pytest.mark.asyncio
async def test_succeeds_once_the_service_recovers(flaky_twice):
    assert await retry(flaky_twice, attempts=3) == "pong"
    assert flaky_twice.calls == 3


@pytest.mark.asyncio
async def test_gives_up_after_the_last_attempt(flaky_twice):
    with pytest.raises(ConnectionError):
        await retry(flaky_twice, attempts=2)
    assert flaky_twice.calls == 2
