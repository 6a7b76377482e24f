"""A NullPool engine: no connection outlives the loop that opened it."""
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

engine = create_async_engine("postgresql+asyncpg://shop", poolclass=NullPool)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
