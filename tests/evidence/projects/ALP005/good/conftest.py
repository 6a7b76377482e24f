import asyncio

import pytest_asyncio

PRICES = {"ACME": "12.50", "INITECH": "3.07"}


async def serve_quotes(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    symbol = (await reader.readline()).decode().strip()
    writer.write(f"{PRICES.get(symbol, '0')}\n".encode())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def quote_server():
    """A fake upstream quote service, started once for the whole run."""
    server = await asyncio.start_server(serve_quotes, "127.0.0.1", 0)
    async with server:
        yield server.sockets[0].getsockname()[:2]
