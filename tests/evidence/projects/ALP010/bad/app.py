"""A small Starlette service: a health check and a greeting."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def greet(request: Request) -> JSONResponse:
    return JSONResponse({"greeting": f"hello {request.path_params['name']}"})


app = Starlette(routes=[Route("/health", health), Route("/greet/{name}", greet)])
