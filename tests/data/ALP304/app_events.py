"""Application code registering startup/shutdown handlers the deprecated ways (ALP304).

Reported wherever the receiver is known to be an app or router: built here, imported
from a project module, or a parameter annotated with the class.  An ``on_event``
method of an object that is not an app (a plain parameter, a signal bus) is silent,
and so are empty or None ``on_startup=`` values and other frameworks' own hooks.
"""
from fastapi import APIRouter, FastAPI
from litestar import Litestar
from starlette.applications import Starlette
from starlette.routing import Router


async def connect():
    pass


async def disconnect():
    pass


app = FastAPI(on_startup=[connect], on_shutdown=(disconnect,))  # ALP304:15 ALP304:37
app.add_event_handler("shutdown", disconnect)  # ALP304:1
app.router.add_event_handler("startup", connect)  # ALP304:1
legacy = Starlette(on_startup=[connect])  # ALP304:20
routes = Router(on_shutdown=[disconnect])  # ALP304:17
api = APIRouter(on_startup=None, on_shutdown=[])  # silent: ALP304
other_framework = Litestar(on_startup=[connect], on_shutdown=[disconnect])


@app.on_event("startup")  # ALP304:2
async def warm():
    pass


def register(target: FastAPI, bus):
    target.add_event_handler("startup", connect)  # ALP304:5

    @bus.on_event("startup")
    async def handler():
        pass

    return handler


def build():
    built = FastAPI()

    @built.on_event("shutdown")  # ALP304:6
    async def close():
        pass

    return built
