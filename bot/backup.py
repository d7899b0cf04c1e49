"""`doithoai backup` and `doithoai restore`: pg_dump / pg_restore (custom format) for DATABASE_URL or the embedded
PostgreSQL. The password reaches the child only through its environment (PGPASSWORD), never its command line.

Backups hold personal data: the folder is created private (0700) and every file is written 0600."""
from __future__ import annotations

import asyncio
import glob
import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from sqlalchemy import text

from bot.admin import AdminError
from storage.db import Database, async_url

PREFIX = "doithoai-"
NAME = re.compile(r"^doithoai-(\d{8}T\d{6})Z(?:-(\d+))?\.dump$")
ARCHIVE_MAGIC = b"PGDMP"  # the first bytes of a custom-format archive
SSL_MODES = {"true": "require", "false": "disable"}  # asyncpg's ssl=true/false; libpq names the rest alike


def libpq_env(url: str) -> dict[str, str]:
    """PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (and PGSSLMODE) for a database URL, pgserver's socket URLs
    (postgresql://postgres:@/postgres?host=/dir) included."""
    from sqlalchemy.engine import make_url

    parsed = make_url(async_url(url))
    query = {key: value if isinstance(value, str) else value[-1] for key, value in parsed.query.items()}
    values = {"PGHOST": query.get("host") or parsed.host, "PGPORT": parsed.port, "PGUSER": parsed.username,
              "PGPASSWORD": parsed.password, "PGDATABASE": parsed.database}
    ssl = query.get("sslmode") or query.get("ssl")
    if ssl:
        values["PGSSLMODE"] = SSL_MODES.get(ssl.lower(), ssl)
    return {key: str(value) for key, value in values.items() if value not in (None, "")}


def child_env(url: str) -> dict[str, str]:
    """The child's environment: ours, with the connection given by libpq variables only (any inherited PG* value
    that would point elsewhere is replaced)."""
    env = {key: value for key, value in os.environ.items() if key not in
           ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE", "PGSERVICE")}
    return {**env, **libpq_env(url)}


def tool(name: str, server_major: int) -> Path:
    """pg_dump / pg_restore of the server's major version if installed (pgserver's bundle, PATH, Debian's
    /usr/lib/postgresql/*/bin), else the oldest newer one: older tools refuse newer servers."""
    found: dict[int, Path] = {}
    for folder in _tool_folders(name):
        path = Path(folder) / name
        major = _major(path)
        if major is not None:
            found.setdefault(major, path)
    fitting = sorted(major for major in found if major >= server_major)
    if not fitting:
        have = ", ".join(f"{name} {m}" for m in sorted(found)) or f"no {name}"
        raise AdminError(f"{name} {server_major} or newer is needed for this PostgreSQL {server_major} server "
                         f"(found: {have}). Install postgresql-client-{server_major}.")
    return found[server_major if server_major in found else fitting[0]]


def _tool_folders(name: str) -> list[str]:
    folders = []
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        folders.append(str(POSTGRES_BIN_PATH))
    except ImportError:
        pass
    on_path = shutil.which(name)
    if on_path:
        folders.append(str(Path(on_path).resolve().parent))
    return folders + sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def _major(path: Path) -> int | None:
    import subprocess

    if not os.access(path, os.X_OK):
        return None
    try:
        output = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else None


async def server_major(database: Database) -> int:
    async with database.engine.connect() as connection:
        return int(await connection.scalar(text("SHOW server_version_num"))) // 10000


async def run_tool(argv: Sequence[str], url: str) -> str:
    """Run a client program with the connection in its environment; its error text becomes an AdminError."""
    process = await asyncio.create_subprocess_exec(*map(str, argv), env=child_env(url),
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    if process.returncode != 0:
        detail = err.decode(errors="replace").strip().splitlines()[-5:]
        raise AdminError(f"{Path(argv[0]).name} failed:\n" + "\n".join(detail))
    return out.decode(errors="replace")


# --- backup ------------------------------------------------------------------------------------------------------
def backup_name(folder: Path, now: datetime) -> Path:
    """doithoai-20261123T030000Z.dump, or …Z-2.dump when a backup of that second exists already."""
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S")
    path, n = folder / f"{PREFIX}{stamp}Z.dump", 1
    while path.exists():
        n += 1
        path = folder / f"{PREFIX}{stamp}Z-{n}.dump"
    return path


def backups(folder: Path) -> list[Path]:
    """Our backup files in the folder, oldest first (other files are never touched)."""
    found = [(m.group(1), int(m.group(2) or 1), p) for p in folder.iterdir() if (m := NAME.match(p.name))]
    return [p for *_, p in sorted(found)]


async def backup(database: Database, url: str, folder: Path, keep: int, now: datetime | None = None) -> str:
    """Dump the whole database into a new file, then delete all but the newest `keep` backups."""
    if keep < 1:
        raise AdminError("Keep at least one backup (--keep 1 or more).")
    pg_dump = tool("pg_dump", await server_major(database))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = backup_name(folder, now or datetime.now(timezone.utc))
    partial = target.with_name(target.name + ".partial")  # never counted as a backup until complete
    try:
        partial.touch(mode=0o600)
        await run_tool([pg_dump, "--format=custom", "--file", partial], url)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    removed = [p for p in backups(folder)[:-keep]]
    for path in removed:
        path.unlink()
    return (f"Backup written: {target} ({target.stat().st_size:,} bytes); "
            f"{len(backups(folder))} kept, {len(removed)} older removed.")


# --- restore -----------------------------------------------------------------------------------------------------
async def user_tables(database: Database) -> int:
    sql = ("SELECT count(*) FROM pg_tables "
           "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg_toast%'")
    async with database.engine.connect() as connection:
        return int(await connection.scalar(text(sql)))


async def restore(database: Database, url: str, file: Path, force: bool) -> str:
    """Load a backup into an empty database; a non-empty one only with force, which replaces its public schema."""
    if not file.is_file():
        raise AdminError(f"No backup file {file}.")
    with file.open("rb") as handle:
        if handle.read(len(ARCHIVE_MAGIC)) != ARCHIVE_MAGIC:
            raise AdminError(f"{file} is not a pg_dump custom-format backup.")
    pg_restore = tool("pg_restore", await server_major(database))
    await run_tool([pg_restore, "--list", file], url)  # the archive reads whole before anything is dropped
    tables = await user_tables(database)
    if tables and not force:
        raise AdminError(f"The database is not empty ({tables} tables): restore refuses to overwrite it. Restore "
                         "into a new, empty database, or add --force to replace everything in it.")
    if tables:
        async with database.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    dbname = libpq_env(url)["PGDATABASE"]
    await run_tool([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                    f"--dbname={dbname}", file], url)
    async with database.engine.connect() as connection:
        questions = await connection.scalar(text("SELECT count(*) FROM question"))
    return (f"Restored {file.name}: {questions:,} questions. Start the bot (or run 'doithoai migrate') to bring "
            "the schema to this version.")
