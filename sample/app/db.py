"""The application's database access: one pooled engine for the process."""
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://postgres@localhost/app")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


async def get_session():
    session = SessionLocal()
    yield session
    await session.close()
