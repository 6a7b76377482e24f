"""Uploads queued by the request handlers come out of the background worker as thumbnails."""

import pytest

from jobs import queue, rendered, wait_until_rendered


@pytest.mark.asyncio
async def test_upload_is_rendered(running_worker):
    await queue.put("cat.jpg")
    await wait_until_rendered(timeout=1)
    assert "cat.jpg.thumb.png" in rendered


@pytest.mark.asyncio
async def test_every_upload_is_rendered(running_worker):
    await queue.put("dog.jpg")
    await queue.put("owl.jpg")
    await wait_until_rendered(timeout=1)
    assert {"dog.jpg.thumb.png", "owl.jpg.thumb.png"} <= set(rendered)
