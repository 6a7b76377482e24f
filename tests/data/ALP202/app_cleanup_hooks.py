"""An aiohttp app's cleanup hook that never awaits the pool's close (ALP202).

``on_startup`` stores the pool in the app; ``on_cleanup`` calls ``close()`` without ``await``,
so the coroutine is dropped and the pool is left open.  A sync SQLAlchemy session's
``close()`` is not a coroutine and needs no await.
"""
import asyncpg
from aiohttp import web
from sqlalchemy import create_engine
from sqlalchemy.orm import Session


async def open_pool(app: web.Application) -> None:
    app["pool"] = await asyncpg.create_pool("postgresql://db")


async def close_pool(app: web.Application) -> None:
    app["pool"].close()  # ALP202:5


def close_sync_session() -> None:
    session = Session(create_engine("postgresql://db"))
    session.close()  # silent: ALP202


def make_app() -> web.Application:
    app = web.Application()
    app.on_startup.append(open_pool)
    app.on_cleanup.append(close_pool)
    return app
