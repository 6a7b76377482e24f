"""The ASGI app the client tests import; not test code."""
from fastapi import FastAPI

app = FastAPI()
