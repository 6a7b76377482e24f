"""Daily order report: totals per SKU, read from the order store."""

import asyncio

ORDERS = [("SKU-1", 2), ("SKU-2", 3), ("SKU-1", 5)]


async def load_orders() -> list[tuple[str, int]]:
    await asyncio.sleep(0)  # the real store is a network call
    return list(ORDERS)


async def totals_by_sku() -> dict[str, int]:
    totals: dict[str, int] = {}
    for sku, quantity in await load_orders():
        totals[sku] = totals.get(sku, 0) + quantity
    return totals
