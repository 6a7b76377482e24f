"""Client for the upstream quote service's line protocol: send a symbol, read back a price."""

import asyncio
from decimal import Decimal


async def fetch_quote(host: str, port: int, symbol: str) -> Decimal:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(f"{symbol}\n".encode())
        await writer.drain()
        return Decimal((await reader.readline()).decode())
    finally:
        writer.close()
        await writer.wait_closed()
