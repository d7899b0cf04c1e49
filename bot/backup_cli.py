"""`doithoai backup [--dir D] [--keep N]` and `doithoai restore FILE [--force]` (the work is in bot/backup.py)."""
from __future__ import annotations

from pathlib import Path

from bot.cli_database import with_database


def add_parsers(sub) -> None:
    backup = sub.add_parser("backup", help="dump the database (pg_dump, custom format) and keep the last N dumps")
    backup.add_argument("--dir", type=Path, help="the backup folder (default BACKUP_DIR, or DATA_DIR/backups)")
    backup.add_argument("--keep", type=int, help="how many backups to keep (default BACKUP_KEEP)")
    restore = sub.add_parser("restore", help="load a backup into an empty database")
    restore.add_argument("file", type=Path, help="a file written by 'doithoai backup'")
    restore.add_argument("--force", action="store_true", help="replace everything in a database that is not empty")


async def backup_command(args, settings) -> int:
    from bot import backup

    folder = args.dir or settings.backup_dir or settings.data_dir / "backups"
    keep = args.keep if args.keep is not None else settings.backup_keep
    return await with_database(settings, lambda db: backup.backup(db, _url(db), folder, keep), migrate=False)


async def restore_command(args, settings) -> int:
    from bot import backup

    return await with_database(settings, lambda db: backup.restore(db, _url(db), args.file, args.force),
                               migrate=False)


def _url(database) -> str:
    """The URL the engine was opened with, password included (it goes to the child's environment only)."""
    return database.engine.url.render_as_string(hide_password=False)


COMMANDS = {"backup": backup_command, "restore": restore_command}
