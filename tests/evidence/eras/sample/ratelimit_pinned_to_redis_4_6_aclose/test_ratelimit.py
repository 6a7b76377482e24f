import uuid

import pytest

from ratelimit import hit


@pytest.mark.asyncio
async def test_requests_within_the_limit_pass(cache):
    client_id = uuid.uuid4().hex
    assert [await hit(cache, client_id, limit=3) for _ in range(3)] == [True, True, True]


@pytest.mark.asyncio
async def test_request_over_the_limit_is_refused(cache):
    client_id = uuid.uuid4().hex
    for _ in range(2):
        await hit(cache, client_id, limit=2)
    assert await hit(cache, client_id, limit=2) is False
