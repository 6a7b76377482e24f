"""A tiny line-protocol key-value server (``SET key value`` / ``GET key``) and its client."""

import asyncio
import contextlib


class KVServer:
    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self._handlers: set[asyncio.Task] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._handlers.add(asyncio.current_task())
        try:
            while line := await reader.readline():
                command, key, *value = line.decode().split(maxsplit=2)
                if command == "SET":
                    self.data[key] = value[0].strip()
                    writer.write(b"OK\n")
                else:
                    writer.write(f"{self.data.get(key, '')}\n".encode())
                await writer.drain()
        except ConnectionError:
            pass  # the client hung up mid-conversation: like any disconnect
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):  # the client may be gone already
                await writer.wait_closed()

    async def wait_disconnected(self) -> None:
        """Until every client's connection is handled to the end, however it ended (before Python 3.12,
        Server.wait_closed does not wait for that, and a loop closed meanwhile cancels the handlers)."""
        await asyncio.gather(*self._handlers, return_exceptions=True)


class KVClient:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    @classmethod
    async def connect(cls, host: str, port: int) -> "KVClient":
        return cls(*await asyncio.open_connection(host, port))

    async def _call(self, line: str) -> str:
        self._writer.write(f"{line}\n".encode())
        await self._writer.drain()
        return (await self._reader.readline()).decode().rstrip("\n")

    async def set(self, key: str, value: str) -> None:
        await self._call(f"SET {key} {value}")

    async def get(self, key: str) -> str:
        return await self._call(f"GET {key}")

    async def aclose(self) -> None:
        self._writer.close()
        await self._writer.wait_closed()
