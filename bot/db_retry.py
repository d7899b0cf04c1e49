"""An update that meets PostgreSQL restarting (or failing over, or a dropped connection) is handled again a few
times over about 30 seconds before the person is told something went wrong; so is one whose transaction PostgreSQL
aborted to break a deadlock or a serialization conflict (two chats of one person writing each other's rows).

Safe to repeat: a unit of work that failed committed nothing, and if its commit did land before the connection
dropped, `processed_update` turns the repeat into a no-op, and the person still gets the answer that attempt computed
(`replies.owe`, bot/dispatching.py). Costs nothing on the hot path: only an error retries.
"""
from __future__ import annotations

import asyncio
import logging
import traceback
from typing import Awaitable, Callable, Iterator, TypeVar

from sqlalchemy.exc import DBAPIError

from handlers.conversation.events import Event

log = logging.getLogger(__name__)
T = TypeVar("T")
DELAYS = (0.25, 0.5, 1.0) + (2.0,) * 14  # about 30 s in all (a restart on a busy server); back within 2 s of it
_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")  # connection exception; admin/crash shutdown; starting up
_ABORTED_STATES = ("40001", "40P01")  # serialization failure, deadlock detected: the transaction was rolled back


async def retry_when_unavailable(run: Callable[[], Awaitable[T]], event: Event,
                                 delays: tuple[float, ...] = DELAYS) -> T:
    """`run()`, again after each delay while the database cannot be reached; then its error as it is."""
    for delay in delays:
        try:
            return await run()
        except Exception as error:
            if not database_unavailable(error):
                raise
            log.warning("database unavailable or transaction aborted, retrying in %.2fs channel=%s chat=%s "
                        "update=%s", delay, event.ref.channel, event.ref.chat_id, event.update_id)
        await asyncio.sleep(delay)
    return await run()


def database_unavailable(error: BaseException) -> bool:
    """PostgreSQL could not be reached, dropped the connection, or aborted the transaction to break a deadlock:
    not a bug, not a refused statement; running the unit of work again is safe."""
    for cause in _chain(error):
        if isinstance(cause, DBAPIError) and cause.connection_invalidated:
            return True
        if str(getattr(cause, "sqlstate", "") or "").startswith(_CONNECTION_STATES + _ABORTED_STATES):
            return True
        if isinstance(cause, OSError) and _raised_in_driver(cause):  # refused, reset, socket gone, timed out
            return True
    return False


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _raised_in_driver(error: OSError) -> bool:
    return any(frame.f_globals.get("__name__", "").startswith("asyncpg")
               for frame, _ in traceback.walk_tb(error.__traceback__))
