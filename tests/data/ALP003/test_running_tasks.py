"""A session fixture that leaves a task running on its loop, requested from a function loop (ALP003).

Its value is a plain URL, but the server task it started only makes progress while the session
loop runs, which it does not during a function-loop test: the test hangs or is refused.
"""
import asyncio

import pytest
import pytest_asyncio

pytestmark = pytest.mark.asyncio


async def serve(reader, writer):
    writer.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def echo_server_url():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    yield f"tcp://{host}:{port}"
    server.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def ticker_url():
    task = asyncio.create_task(asyncio.sleep(3600))
    yield "tcp://127.0.0.1:9"
    task.cancel()


async def test_connects(echo_server_url, ticker_url):  # ALP003:25 ALP003:42
    assert echo_server_url.startswith("tcp://")


@pytest.mark.asyncio(loop_scope="session")
async def test_on_the_session_loop(echo_server_url):  # silent: ALP003
    assert echo_server_url
