"""The shop's app: a lifespan that fills app.state, and a factory for an app built from routers.

Nothing here is wrong for production; the tests decide whether the lifespan runs.
"""
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request

from .routers import items


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.prices = {"apple": 3}
    yield
    app.state.prices.clear()


app = FastAPI(lifespan=lifespan)
app.include_router(items.router)


@app.get("/prices/{name}")
async def price(name: str, request: Request):
    return {"price": request.app.state.prices[name]}


def create_app() -> FastAPI:
    """An app whose only startup work comes from the items router."""
    built = FastAPI()
    built.include_router(items.router)
    return built
