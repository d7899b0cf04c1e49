"""The schema comes only from Alembic: empty → head → base → head on PostgreSQL."""
from __future__ import annotations

import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from storage import migrate
from storage.models import Base
from tests.conftest import _admin, with_database


async def tables(url: str) -> set[str]:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        rows = await connection.execute(text("select tablename from pg_tables where schemaname = 'public'"))
        names = set(rows.scalars())
    await engine.dispose()
    return names


async def schema_drift(url: str) -> list:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata))
    await engine.dispose()
    return diff


async def test_migrations_run_up_down_and_up_again(server_url):
    name = f"doithoai_mig_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    try:
        await migrate.async_upgrade(url)
        assert set(Base.metadata.tables) <= await tables(url)
        assert await schema_drift(url) == []  # the models and the migrations describe the same schema
        await migrate.async_downgrade(url, "base")
        assert await tables(url) == {"alembic_version"}
        await migrate.async_upgrade(url)
        assert set(Base.metadata.tables) <= await tables(url)
    finally:
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_the_trust_migration_gives_accounts_first_seen_in_a_group_their_private_chat(server_url):
    name = f"doithoai_mig_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    rows = [("telegram", "5001", "-1001234567890"), ("telegram", "5002", "5002"),
            ("zalo_bot", "z-1", "g-group"), ("zalo_oa", "oa-1", "oa-1")]
    try:
        await migrate.async_upgrade(url, "0005")
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            for channel, _, _ in rows:
                await connection.execute(text("insert into bot (channel, external_id, username) values "
                                              "(:c, '1', '') on conflict do nothing"), {"c": channel})
            for channel, user, chat in rows:
                await connection.execute(text(
                    "insert into channel_account (bot_id, channel, external_user_id, chat_id) "
                    "select id, cast(:c as varchar), :u, :chat from bot where channel = :c"), {"c": channel, "u": user, "chat": chat})
        await migrate.async_upgrade(url)
        async with engine.connect() as connection:
            chats = dict((await connection.execute(text(
                "select external_user_id, chat_id from channel_account"))).all())
        await engine.dispose()
        assert chats == {"5001": "5001", "5002": "5002", "z-1": "z-1", "oa-1": "oa-1"}
    finally:
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
