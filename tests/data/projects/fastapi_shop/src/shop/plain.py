"""An app without startup or shutdown work: no lifespan to run."""
from fastapi import FastAPI

plain_app = FastAPI()


@plain_app.get("/health")
async def health():
    return {"ok": True}
