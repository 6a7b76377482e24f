import asyncio

import pytest

from acks import AckTimeout, wait_for_ack


@pytest.mark.asyncio
async def test_ack_arriving_in_time_is_returned(ack_timeout):
    loop = asyncio.get_running_loop()
    ack = loop.create_future()
    loop.call_later(0.01, ack.set_result, "delivered")
    assert await wait_for_ack(ack, ack_timeout) == "delivered"


@pytest.mark.asyncio
async def test_missing_ack_times_out():
    with pytest.raises(AckTimeout):
        await wait_for_ack(asyncio.get_running_loop().create_future(), timeout=0.01)
