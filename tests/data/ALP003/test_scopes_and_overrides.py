"""Name resolution the loop verdicts rest on (ALP003).

A class attribute is invisible inside the class's methods (Python's scoping): ``engine`` there is the
module's NullPool engine, which crosses loops harmlessly.  A fixture that requests its own name gets the
next definition outward (pytest's override).  A name bound to a pooled client on one branch and to an
in-process one on the other may hold either: unknown, so silent.
"""
import os

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

pytestmark = pytest.mark.asyncio
engine = create_async_engine("postgresql+asyncpg://db/test", poolclass=NullPool)
app = FastAPI()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def client():
    async with httpx.AsyncClient(base_url="https://api.example.org") as client:
        yield client


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def either_client():
    if os.environ.get("LIVE"):
        client = httpx.AsyncClient(base_url="https://api.example.org")  # ALP205:18
    else:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
    yield client


class TestOrders:
    engine = create_async_engine("postgresql+asyncpg://db/test")

    @pytest_asyncio.fixture(scope="class", loop_scope="session")
    async def module_engine(self):
        return engine

    @pytest_asyncio.fixture
    async def client(self, client):  # ALP003:28
        return client

    async def test_engine(self, module_engine, either_client):  # silent: ALP003
        assert module_engine and either_client

    async def test_client(self, client):  # silent: ALP003
        assert client
