"""What "changes nothing" means in tests: every domain row, before and after, without bookkeeping columns."""
from __future__ import annotations

from sqlalchemy import text

# Rows every event touches by design: the update id, the account's last-seen time, the chat's numbered options, and
# the chat's burst window (every update counts against the burst limit, a refused one too).
BOOKKEEPING = {"processed_update", "offered_choice", "outbox_pace", "alembic_version"}
VOLATILE = ("updated_at", "last_seen_at", "offered_at", "burst_at", "burst_count")


async def snapshot(db, tables: set[str] | None = None) -> dict[str, list[str]]:
    """Every row of every table (or of `tables`) as sorted JSON text, volatile timestamps left out."""
    async with db.engine.connect() as connection:
        names = (await connection.execute(text(
            "select tablename from pg_tables where schemaname = 'public' order by tablename"))).scalars().all()
        rows = {}
        for name in names:
            if name in BOOKKEEPING or (tables is not None and name not in tables):
                continue
            drop = "".join(f" - '{column}'" for column in VOLATILE)
            result = await connection.execute(text(f'select (to_jsonb(t){drop})::text from "{name}" t'))
            rows[name] = sorted(result.scalars().all())
        return rows


async def rows_where(db, sql: str, **params) -> list[str]:
    """Rows of one query as sorted JSON text, for a narrower "nothing changed" (another person, another commune)."""
    async with db.engine.connect() as connection:
        result = await connection.execute(text(f"select (to_jsonb(t))::text from ({sql}) t"), params)
        return sorted(result.scalars().all())
