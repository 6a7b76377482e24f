"""A FastAPI app that opens a redis client at startup."""
import redis.asyncio as redis
from fastapi import Depends, FastAPI, Request
from sqlalchemy import text

from app.db import get_session

app = FastAPI()


@app.on_event("startup")
async def open_cache():
    app.state.cache = redis.from_url("redis://localhost")


@app.get("/health")
async def health(request: Request, session=Depends(get_session)):
    return {
        "db": (await session.execute(text("select 1"))).scalar(),
        "cache": await request.app.state.cache.ping(),
    }
