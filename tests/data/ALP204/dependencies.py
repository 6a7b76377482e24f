"""FastAPI dependencies and a lifespan that make async resources (ALP204, ALP205); application code.

FastAPI throws a failing request's exception into a yielding dependency, so a close
after the yield outside finally/async with is skipped (ALP204).  A dependency or
lifespan that hands out or stores a resource and closes it nowhere leaves it to the
garbage collector (ALP205).  async with, try/finally, AsyncExitStack, a shutdown
handler closing what startup stored, and dependencies returning plain data stay silent.
"""
import contextlib
from contextlib import asynccontextmanager

import aioredis
import asyncpg
import httpx
import redis.asyncio as redis
from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://db")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


async def get_session():
    session = SessionLocal()
    yield session  # ALP204:5
    await session.close()


async def get_session_unclosed():
    session = SessionLocal()  # ALP205:15
    yield session


async def get_session_managed():
    async with SessionLocal() as session:
        yield session


async def get_session_finally():
    session = SessionLocal()
    try:
        yield session  # silent: ALP204
    finally:
        await session.close()


async def get_connection():
    connection = await asyncpg.connect("postgresql://db")
    yield connection  # ALP204:5
    await connection.close()


async def get_client():
    return httpx.AsyncClient()  # ALP205:12


def get_settings():
    return {"debug": False}


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.cache = redis.from_url("redis://cache")  # ALP205:23
    app.state.pool = await asyncpg.create_pool("postgresql://db")
    yield
    await app.state.pool.close()


@asynccontextmanager
async def lifespan_with_stack(app: FastAPI):
    async with contextlib.AsyncExitStack() as stack:
        app.state.client = await stack.enter_async_context(httpx.AsyncClient())
        yield


@asynccontextmanager
async def lifespan_state():
    client = httpx.AsyncClient()  # ALP205:14
    yield {"client": client}


@asynccontextmanager
async def lifespan_split(app: FastAPI):
    app.state.redis = redis.Redis()
    yield


async def close_redis(request):
    """The shutdown half of lifespan_split, elsewhere in the module."""
    await request.app.state.redis.aclose()


async def open_legacy(app: FastAPI):
    app.state.legacy = await aioredis.create_redis_pool("redis://cache")


async def close_state(app: FastAPI):
    """Values stored on app.state are known by what the module stores there."""
    app.state.legacy.close()  # ALP203:5
    app.state.pool.close()  # ALP202:5


def shutdown_client(client: httpx.AsyncClient | None, pool: "asyncpg.Pool"):
    """Known by annotation alone; a string annotation is not read."""
    client.aclose()  # ALP202:5
    pool.close()


app = FastAPI(lifespan=lifespan)
api = FastAPI(lifespan=lifespan_with_stack)


@app.get("/items")
async def items(client=Depends(get_client), settings=Depends(get_settings), session=Depends(get_session)):
    return []
