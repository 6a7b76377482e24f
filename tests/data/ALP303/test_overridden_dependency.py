"""The test overrides the dependency that reads the lifespan's state (ALP303 silent)."""
from contextlib import asynccontextmanager

import pytest_asyncio
import redis.asyncio as redis
from fastapi import Depends, FastAPI, Request
from httpx import ASGITransport, AsyncClient


@asynccontextmanager
async def lifespan(app):
    app.state.cache = redis.from_url("redis://cache")
    yield
    await app.state.cache.aclose()


app = FastAPI(lifespan=lifespan)


def get_cache(request: Request):
    return request.app.state.cache


@app.get("/hits")
async def hits(cache=Depends(get_cache)):
    return await cache.get("hits")


class FakeCache:
    async def get(self, key):
        return 0


@pytest_asyncio.fixture
async def client():
    app.dependency_overrides[get_cache] = lambda: FakeCache()
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:  # silent: ALP303
        yield c
    app.dependency_overrides.clear()
