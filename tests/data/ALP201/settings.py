"""Settings the test module imports; not test code."""
from sqlalchemy.pool import AsyncAdaptedQueuePool

POOL_CLASS = AsyncAdaptedQueuePool
