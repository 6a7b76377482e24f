import pytest

from acks import AckTimeout, wait_for_ack


@pytest.mark.asyncio
async def test_ack_arriving_in_time_is_returned(event_loop, ack_timeout):
    ack = event_loop.create_future()
    event_loop.call_later(0.01, ack.set_result, "delivered")
    assert await wait_for_ack(ack, ack_timeout) == "delivered"


@pytest.mark.asyncio
async def test_missing_ack_times_out(event_loop):
    with pytest.raises(AckTimeout):
        await wait_for_ack(event_loop.create_future(), timeout=0.01)
