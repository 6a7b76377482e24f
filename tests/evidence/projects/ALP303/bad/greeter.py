"""Greets visitors in the language configured at startup."""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app):
    app.state.greetings = {"en": "hello", "fr": "bonjour"}
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/greeting/{language}")
async def greeting(language: str, request: Request):
    return {"text": request.app.state.greetings[language]}
