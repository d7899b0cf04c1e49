"""One command-line action on the opened database: its result printed, an admin error as a message and exit code 1
(shared by the `doithoai` command groups)."""
from __future__ import annotations

import sys
from typing import Any, Awaitable, Callable

from bot.config import Settings


async def with_database(settings: Settings, action: Callable[[Any], Awaitable[Any]], migrate: bool = True) -> int:
    from bot.admin import AdminError
    from bot.database import open_database

    opened = await open_database(settings, run_migrations=migrate)
    try:
        print(await action(opened.database))
        return 0
    except AdminError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        await opened.close()


def cli_actor() -> str:
    """Who ran the command, for the audits: the operating-system login."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"[:80]
    except Exception:  # no login name (some containers)
        return "cli"
