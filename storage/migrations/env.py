"""Alembic environment: async engine from the URL the caller put in the config. Online migrations run under a
PostgreSQL advisory lock, so replicas starting at once migrate one after the other (the later ones find the schema
at head and do nothing)."""
import asyncio

from alembic import context
from sqlalchemy import text

from storage.db import new_engine
from storage.migrate import MIGRATION_LOCK
from storage.models import Base

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        # Held until this transaction ends; Alembic reads the current revision only after it is granted.
        connection.execute(text("select pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def _run_online() -> None:
    engine = new_engine(context.config.get_main_option("sqlalchemy.url"))
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
