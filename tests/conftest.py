"""Shared fixtures: a real PostgreSQL (local server, or embedded pgserver), migrated through Alembic."""
from __future__ import annotations

import os
import shutil
import socket
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from storage import migrate
from storage.db import Database, async_url, make_engine
from storage.embedded import EmbeddedPostgres

LOCAL_SERVER = ("127.0.0.1", 5432)


def _local_server_up() -> bool:
    try:
        with socket.create_connection(LOCAL_SERVER, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def embedded_dir():
    """A folder for an embedded PostgreSQL, outside pytest's temporary tree: any pytest session starting on this
    machine resets that tree to mode 0700, which locks out the `pgserver` user PostgreSQL runs as under root."""
    folder = Path(tempfile.mkdtemp(prefix="doithoai-embedded-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory) -> str:
    """A maintenance URL: TEST_DATABASE_URL, the local server, or an embedded PostgreSQL started for the run."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield async_url(os.environ["TEST_DATABASE_URL"])
        return
    if _local_server_up() and not os.environ.get("DOITHOAI_TEST_EMBEDDED"):
        yield "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
        return
    folder = Path(tempfile.mkdtemp(prefix="doithoai-test-pg-"))  # not under pytest's tree: see embedded_dir
    server = EmbeddedPostgres(folder / "data")
    yield server.start()
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


async def _admin(url: str, sql: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(sql))
    await engine.dispose()


def with_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    base = base.rsplit("/", 1)[0] + "/" + name
    return f"{base}?{query}" if query else base


@pytest.fixture(scope="session")
async def database_url(server_url: str):
    """A fresh database for this run, brought to head by the migrations."""
    name = f"doithoai_test_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    await migrate.async_upgrade(url)
    yield url
    await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
async def database(database_url: str):
    db = Database(make_engine(database_url))
    yield db
    await db.dispose()


@pytest.fixture
async def db(database: Database) -> Database:
    """The test database, emptied before the test."""
    async with database.engine.begin() as connection:
        tables = (await connection.execute(text(
            "select tablename from pg_tables where schemaname = 'public' and tablename <> 'alembic_version'"
        ))).scalars().all()
        await connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    return database


@pytest.fixture(params=["telegram", "zalo_bot", "zalo_oa"])
def channel(request) -> str:
    """Runs a conversation table on Telegram and on both Zalo adapters (used with pytest.mark.usefixtures)."""
    from tests import fixtures

    fixtures.current["channel"] = request.param
    yield request.param
    fixtures.current["channel"] = "telegram"
