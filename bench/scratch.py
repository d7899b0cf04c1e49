"""A throwaway database for a benchmark run: created, migrated to head, dropped afterwards."""
from __future__ import annotations

import os
import uuid
from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from storage import migrate
from storage.db import async_url

SERVER = async_url(os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"))


async def _admin(sql: str) -> None:
    engine = create_async_engine(SERVER, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(sql))
    await engine.dispose()


def _url(name: str) -> str:
    base, _, query = SERVER.partition("?")
    base = base.rsplit("/", 1)[0] + "/" + name
    return f"{base}?{query}" if query else base


@asynccontextmanager
async def scratch_database(revision: str = "head", keep: bool = False) -> AsyncIterator[str]:
    """The URL of a new database on the local server (or TEST_DATABASE_URL's), migrated to `revision`; dropped
    on exit unless `keep`."""
    name = f"doithoai_bench_{uuid.uuid4().hex[:8]}"
    await _admin(f'CREATE DATABASE "{name}"')
    try:
        url = _url(name)
        await migrate.async_upgrade(url, revision)
        yield url
    finally:
        if not keep:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
