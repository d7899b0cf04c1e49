"""With no DATABASE_URL the app starts an embedded PostgreSQL, migrates it and works on it."""
from __future__ import annotations

from sqlalchemy import text

from bot.app import open_database
from bot.config import Settings


async def test_the_app_runs_on_an_embedded_postgresql_when_no_url_is_set(embedded_dir):
    opened = await open_database(Settings(database_url="", data_dir=embedded_dir, _env_file=None))
    try:
        assert opened.embedded is not None and str(embedded_dir) in opened.url
        async with opened.database.engine.connect() as connection:
            version = await connection.scalar(text("select version()"))
            tables = set((await connection.execute(text(
                "select tablename from pg_tables where schemaname = 'public'"))).scalars())
        assert version.startswith("PostgreSQL") and {"question", "delivery", "alembic_version"} <= tables
    finally:
        await opened.close()
