"""Tests driven by aiohttp's pytest plugin, not pytest-asyncio: its loop fixture is theirs to manage.

aiohttp's plugin creates, sets and runs the loop its tests use, so ALP101 and ALP102,
which are about fighting pytest-asyncio's runner, stay silent here.
"""
import asyncio

import pytest

pytest_plugins = ("aiohttp.pytest_plugin",)


@pytest.fixture
def app_loop():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()


@pytest.fixture
def server(loop, aiohttp_server):
    return loop.run_until_complete(aiohttp_server(make_app()))


def make_app():
    return object()
