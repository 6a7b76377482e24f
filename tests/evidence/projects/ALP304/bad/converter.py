"""Converts USD amounts with rates loaded at startup."""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app):
    app.state.region = "eu-west"
    yield


app = FastAPI(lifespan=lifespan)


@app.on_event("startup")
async def load_rates():
    app.state.rates = {"EUR": 0.92, "GBP": 0.79}


@app.get("/region")
async def region(request: Request):
    return {"region": request.app.state.region}


@app.get("/convert")
async def convert(amount: float, currency: str, request: Request):
    return {"amount": round(amount * request.app.state.rates[currency], 2)}
