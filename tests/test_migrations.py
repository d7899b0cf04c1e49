"""The schema comes only from Alembic: empty → head → base → head on PostgreSQL."""
from __future__ import annotations

import asyncio
import sys
import time
import uuid
from pathlib import Path

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


async def _waiting_advisory_locks(url: str) -> int:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        waiting = await connection.scalar(text(
            "select count(*) from pg_locks where locktype = 'advisory' and not granted "
            "and database = (select oid from pg_database where datname = current_database())"))
    await engine.dispose()
    return waiting


async def test_a_replica_starting_while_another_migrates_waits_for_it_then_finds_the_schema_at_head(server_url):
    """Two replicas starting at once: the second waits on the migration lock instead of racing the first's
    CREATE TABLEs. Here the test holds the lock (as a replica in the middle of migrating would) and starts one."""
    name = f"doithoai_mig_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    holder = create_async_engine(url)
    try:
        async with holder.connect() as connection:
            await connection.execute(text("select pg_advisory_lock(:key)"), {"key": migrate.MIGRATION_LOCK})
            await connection.commit()
            replica = await asyncio.create_subprocess_exec(
                sys.executable, "-c", f"from storage import migrate; migrate.upgrade({url!r})",
                cwd=Path(__file__).resolve().parent.parent)
            deadline = time.monotonic() + 120
            while not await _waiting_advisory_locks(url):
                assert replica.returncode is None, "the replica migrated while another held the migration lock"
                assert time.monotonic() < deadline, "the replica never asked for the migration lock"
                await asyncio.sleep(0.1)
            assert await tables(url) == set()  # it waits before touching anything
            await connection.execute(text("select pg_advisory_unlock(:key)"), {"key": migrate.MIGRATION_LOCK})
            await connection.commit()
        assert await asyncio.wait_for(replica.wait(), 300) == 0
        assert await migrate.current_revisions(url) == migrate.head_revisions()
    finally:
        await holder.dispose()
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_two_replicas_migrating_a_new_database_at_once_both_start(server_url):
    name = f"doithoai_mig_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    try:
        replicas = [await asyncio.create_subprocess_exec(
            sys.executable, "-c", f"from storage import migrate; migrate.upgrade({url!r})",
            cwd=Path(__file__).resolve().parent.parent) for _ in range(2)]
        assert [await asyncio.wait_for(r.wait(), 300) for r in replicas] == [0, 0]
        assert await migrate.current_revisions(url) == migrate.head_revisions()
        assert await schema_drift(url) == []
    finally:
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
