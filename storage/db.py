"""Engines, sessions and the unit of work (the embedded PostgreSQL is in storage/embedded.py)."""
from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.repository import Repository


def async_url(url: str) -> str:
    """Accept postgres:// and postgresql:// URLs and point them at asyncpg."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


def new_engine(url, **options) -> AsyncEngine:
    """Every engine of the product is built here: statements' parameters (names, phones) never reach an error's
    text or the logs (hide_parameters)."""
    return create_async_engine(async_url(url) if isinstance(url, str) else url, hide_parameters=True, **options)


def make_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    """The process's pool: `pool_size` connections (DATABASE_POOL_SIZE), opened once and kept; no overflow, so a
    burst waits its turn for a connection instead of opening and closing extra ones (bench/intake.py counted 24-60
    new connections a run with an overflow). No pre-ping (a round trip per checkout): recycle instead, and a dropped
    connection fails one unit of work, which dispatch_safely retries."""
    return new_engine(url, pool_size=pool_size, max_overflow=0, pool_recycle=1800)


class UnitOfWork:
    """One transaction: commit explicitly, roll back by default."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = Repository(session)

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        # Cross-process chat locks (storage/locks.py) are held on a connection while units of work run: their own
        # pool, as large as the main one, so holders waiting for a unit of work's connection never starve it.
        self.locks = new_engine(engine.url, pool_size=engine.pool.size(), max_overflow=0, pool_recycle=1800)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        async with self.sessions() as session:
            uow = UnitOfWork(session)
            try:
                yield uow
            finally:
                await session.close()  # rolls back what was not committed; loaded rows stay readable

    async def dispose(self) -> None:
        await self.engine.dispose()
        await self.locks.dispose()
