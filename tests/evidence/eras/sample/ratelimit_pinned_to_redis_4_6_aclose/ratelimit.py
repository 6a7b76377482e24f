"""A fixed-window rate limiter kept in Redis: one counter per client and window."""

from redis.asyncio import Redis


async def hit(redis: Redis, client_id: str, limit: int, window_seconds: int = 60) -> bool:
    """Count one request; True while the client is within its limit for the current window."""
    key = f"ratelimit:{client_id}"
    count = await redis.incr(key)
    if count == 1:
        await redis.expire(key, window_seconds)
    return count <= limit
