"""Runs `doithoai …` commands in the test's own event loop: the real parser and command functions, with settings
given explicitly (no .env, no process-wide signal handlers)."""
from __future__ import annotations

from pathlib import Path

from bot.cli import _commands, parser
from bot.config import Settings


async def doithoai(capsys, database_url: str, *argv: str, data_dir: Path | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one command against this database ("" for the embedded one in data_dir)."""
    args = parser().parse_args(list(argv))
    fields = {"database_url": database_url, "_env_file": None}
    if data_dir is not None:
        fields["data_dir"] = data_dir
    capsys.readouterr()
    code = await _commands[args.command](args, Settings(**fields))
    out, err = capsys.readouterr()
    return code, out, err


async def release(opened) -> None:
    """Close what bot.app.open_database opened, the embedded PostgreSQL included."""
    import asyncio

    if hasattr(opened, "close"):
        await opened.close()
        return
    await opened.database.dispose()
    if getattr(opened, "server", None) is not None:
        await asyncio.to_thread(opened.server.cleanup)
