"""An application module, not test code: it owns its loops, so ALP101 stays silent here."""
import asyncio


def serve_forever(coroutine):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.close()
