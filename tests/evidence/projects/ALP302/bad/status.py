"""A status page: one endpoint reporting the service's health and version."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
async def health():
    return {"status": "ok", "version": "1.4.2"}
