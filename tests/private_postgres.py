"""A PostgreSQL server of a test's own (pgserver, in a temp folder), to restart under load without touching the
shared server on 127.0.0.1:5432 that other test runs use."""
from __future__ import annotations

import asyncio
import shutil
import tempfile
import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from storage import migrate
from storage.db import async_url


class PrivatePostgres:
    def __init__(self, server) -> None:
        self.server = server
        self.restarts = 0

    def url(self, database: str = "postgres") -> str:
        return async_url(self.server.get_uri(database))

    def _pg_ctl(self, *args: str) -> None:
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "-l", str(self.server.log), *args], pgdata=self.server.pgdata, user=self.server.system_user,
               timeout=120)

    async def restart(self, mode: str = "immediate") -> None:
        """Stop the server at once (immediate: every backend killed, crash recovery on start) and start it again."""
        await asyncio.to_thread(self._pg_ctl, "-m", mode, "restart")
        self.restarts += 1

    async def stop_now(self) -> None:
        """Stop the server at once, as a crash would, until start()."""
        options = (Path(self.server.pgdata) / "postmaster.opts").read_text()
        self._options = options.split(" ", 1)[1].strip()  # what the server was started with (socket, no TCP)
        await asyncio.to_thread(self._pg_ctl, "-m", "immediate", "stop")

    async def start(self) -> None:
        await asyncio.to_thread(self._pg_ctl, "-o", self._options, "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")


@asynccontextmanager
async def private_postgres() -> AsyncIterator[tuple[PrivatePostgres, str]]:
    """A new server in a temp folder and the URL of a migrated database on it; stopped and deleted afterwards.

    The folder is not pytest's tmp_path: run as root, pgserver serves as another user, who must reach it."""
    import pgserver
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    folder = Path(tempfile.mkdtemp(prefix="doithoai-pg-"))
    folder.chmod(0o755)
    server = await asyncio.to_thread(pgserver.get_server, str(folder / "pgdata"), cleanup_mode="delete")
    private = PrivatePostgres(server)
    try:
        name = f"doithoai_fault_{uuid.uuid4().hex[:8]}"
        engine = create_async_engine(private.url(), isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        await engine.dispose()
        await migrate.async_upgrade(private.url(name))
        yield private, private.url(name)
    finally:
        await asyncio.to_thread(private.stop)  # pgserver would not stop a server it did not start itself
        await asyncio.to_thread(server.cleanup)
        shutil.rmtree(folder, ignore_errors=True)
