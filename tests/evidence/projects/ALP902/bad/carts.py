"""Shopping carts behind an async storage API (an in-memory backend for the tests)."""

import asyncio


class ItemAlreadyInCart(Exception):
    """A cart holds each SKU once: adding it again is the caller's mistake."""


class CartStore:
    def __init__(self) -> None:
        self._items: dict[str, list[str]] = {}

    async def add(self, cart: str, sku: str) -> None:
        await asyncio.sleep(0)  # a round trip to the backend
        items = self._items.setdefault(cart, [])
        if sku in items:
            raise ItemAlreadyInCart(f"cart {cart!r} already holds {sku}")
        items.append(sku)

    async def items(self, cart: str) -> list[str]:
        await asyncio.sleep(0)
        return list(self._items.get(cart, []))

    async def clear(self) -> None:
        await asyncio.sleep(0)
        self._items.clear()


STORE = CartStore()
