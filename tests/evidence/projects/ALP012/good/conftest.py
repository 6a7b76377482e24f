import asyncio

import pytest

from kvstore import KVClient, KVServer


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def kv_client():
    """A client connected to a fresh in-process server."""
    kv_server = KVServer()
    server = await asyncio.start_server(kv_server.handle, "127.0.0.1", 0)
    async with server:
        client = await KVClient.connect(*server.sockets[0].getsockname()[:2])
        yield client
        await client.aclose()
        await kv_server.wait_disconnected()
