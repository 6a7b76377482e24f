"""The tests provide what the skipped lifespan would: no harm (ALP303 silent).

One fixture sets ``app.state.pool`` itself; another overrides the dependency that reads it.
"""
from contextlib import asynccontextmanager

import asyncpg
import pytest_asyncio
from fastapi import Depends, FastAPI, Request
from httpx import ASGITransport, AsyncClient


@asynccontextmanager
async def lifespan(app):
    app.state.pool = await asyncpg.create_pool("postgresql://db")
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


def get_pool(request: Request):
    return request.app.state.pool


@app.get("/items")
async def items(pool=Depends(get_pool)):
    return await pool.fetch("select 1")


@pytest_asyncio.fixture
async def pool():
    pool = await asyncpg.create_pool("postgresql://db")
    app.state.pool = pool
    yield pool
    await pool.close()


@pytest_asyncio.fixture
async def client(pool):
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as c:  # silent: ALP303
        yield c
