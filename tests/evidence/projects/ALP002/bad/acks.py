"""Waiting for a delivery acknowledgement from the message broker."""

import asyncio


class AckTimeout(Exception):
    pass


async def wait_for_ack(ack: "asyncio.Future[str]", timeout: float) -> str:
    try:
        return await asyncio.wait_for(ack, timeout)
    except TimeoutError as exc:
        raise AckTimeout(f"no acknowledgement within {timeout}s") from exc
