"""Opening the database for any command: DATABASE_URL, or the embedded PostgreSQL in the data folder; migrated.
Its own module so that commands which do not serve updates (deliver, backup, migrate, …) load no handler."""
from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass

from bot.config import Settings
from storage import migrate
from storage.db import Database, make_engine
from storage.embedded import EmbeddedPostgres


@dataclass
class OpenDatabase:
    database: Database
    url: str
    embedded: EmbeddedPostgres | None = None

    async def close(self) -> None:
        """Dispose of the pools, then stop the embedded server if this process was its last user."""
        await self.database.dispose()
        if self.embedded is not None:
            await asyncio.to_thread(self.embedded.stop)


async def open_database(settings: Settings, *, run_migrations: bool = True) -> OpenDatabase:
    """DATABASE_URL if set; otherwise an embedded PostgreSQL in the data folder. Migrated to head."""
    embedded, url = None, settings.database_url
    if not url:
        embedded = EmbeddedPostgres(settings.data_dir / "pgdata")
        url = await asyncio.to_thread(embedded.start)
        print(f"No DATABASE_URL set: using the embedded PostgreSQL in {embedded.data_dir}", file=sys.stderr)
    try:
        if run_migrations:
            await migrate.async_upgrade(url)
        return OpenDatabase(Database(make_engine(url, settings.database_pool_size)), url, embedded)
    except BaseException:
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)
        raise
