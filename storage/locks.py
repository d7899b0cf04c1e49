"""Cross-process locks in PostgreSQL, for work that spans several units of work."""
from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


@asynccontextmanager
async def chat_lock(engine: AsyncEngine, bot_id: int, chat_id: str) -> AsyncIterator[None]:
    """Hold a session advisory lock on (bot, chat) on a connection of its own, across any processes."""
    params = {"bot": bot_id, "chat": chat_id}
    async with engine.connect() as connection:
        await connection.execute(text("select pg_advisory_lock(:bot, hashtext(:chat))"), params)
        await connection.commit()
        try:
            yield
        finally:
            await connection.execute(text("select pg_advisory_unlock(:bot, hashtext(:chat))"), params)
            await connection.commit()
