import asyncio

import pytest

from jobs import queue, rendered


@pytest.mark.asyncio
async def test_upload_is_rendered(running_worker):
    await queue.put("cat.jpg")
    await asyncio.wait_for(queue.join(), timeout=1)
    assert "cat.jpg.thumb.png" in rendered


@pytest.mark.asyncio
async def test_every_upload_is_rendered(running_worker):
    await queue.put("dog.jpg")
    await queue.put("owl.jpg")
    await asyncio.wait_for(queue.join(), timeout=1)
    assert {"dog.jpg.thumb.png", "owl.jpg.thumb.png"} <= set(rendered)
