"""httpx's ``app=`` shortcut, removed in httpx 0.28 (ALP302).

Reported at the keyword, whatever the client is bound to: the call raises
TypeError on httpx >= 0.28 and httpx2 never had it.  Other clients that take an
``app`` keyword (Starlette's TestClient, async_asgi_testclient) are silent, and so
is a client talking to a network URL.
"""
import httpx
import httpx2
import pytest
from async_asgi_testclient import TestClient as AsyncTestClient
from fastapi import FastAPI
from httpx import AsyncClient as Async
from starlette.testclient import TestClient

app = FastAPI()


@pytest.mark.asyncio
async def test_async_shortcut():
    async with httpx.AsyncClient(app=app, base_url="http://test") as client:  # ALP302:34
        assert (await client.get("/")).status_code == 404


@pytest.mark.asyncio
async def test_aliased_shortcut():
    async with Async(base_url="http://test", app=app) as client:  # ALP302:46
        assert (await client.get("/")).status_code == 404


def test_sync_and_httpx2_shortcuts():
    sync = httpx.Client(app=app)  # ALP302:25
    other = httpx2.AsyncClient(app=app)  # ALP302:32
    assert sync and other


@pytest.mark.asyncio
async def test_transport_is_fine():
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/")).status_code == 404


@pytest.mark.asyncio
async def test_network_client_is_fine():
    async with httpx.AsyncClient(base_url="http://localhost:8000") as client:
        assert client


def test_other_clients_are_fine():
    assert TestClient(app=app)  # silent: ALP302
    assert AsyncTestClient(app)
