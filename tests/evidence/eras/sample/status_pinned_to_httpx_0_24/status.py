"""A status page: one endpoint reporting the service's health and version."""

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def health(request):
    return JSONResponse({"status": "ok", "version": "0.4.1"})


app = Starlette(routes=[Route("/health", health)])
