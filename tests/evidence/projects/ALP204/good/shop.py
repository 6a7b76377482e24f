"""The shop's price API."""

import os

from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

engine = create_async_engine(os.environ["ALP_EVIDENCE_DSN"], poolclass=NullPool)
app = FastAPI()

PRICES = text("SELECT cents FROM (VALUES ('SKU-1', 1250), ('SKU-2', 399)) AS prices(sku, cents) WHERE sku = :sku")


async def get_session():
    async with AsyncSession(engine) as session:
        yield session


@app.get("/prices/{sku}")
async def price(sku: str, session: AsyncSession = Depends(get_session)) -> dict:
    cents = (await session.execute(PRICES, {"sku": sku})).scalar_one_or_none()
    if cents is None:
        raise HTTPException(status_code=404, detail=f"no price for {sku}")
    return {"sku": sku, "cents": cents}
