"""What every channel does around the dispatcher, written once: a chat's updates one at a time in this process, a
database blip retried (bot/db_retry.py), and an unexpected error logged once with its traceback and answered with
an apology, so the loop goes on."""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator, Awaitable, Callable, Hashable

from bot import metrics
from bot.db_retry import retry_when_unavailable
from handlers.conversation.events import Event
from handlers.conversation.i18n import translator
from handlers.conversation.replies import OWED, Outcome, Reply
from storage.tracing import TRACE_ID, new_trace

log = logging.getLogger(__name__)


class ChatLocks:
    """One lock per chat: its updates run one at a time, in order; a lock nobody holds or waits for is dropped, so
    memory stays bounded however many chats come and go."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, asyncio.Lock] = {}

    @asynccontextmanager
    async def hold(self, chat: Hashable) -> AsyncIterator[None]:
        lock = self._locks.setdefault(chat, asyncio.Lock())
        try:
            async with lock:
                yield
        finally:
            if not lock.locked() and not lock._waiters:  # noqa: SLF001 - drop idle locks to bound memory
                self._locks.pop(chat, None)

    def __len__(self) -> int:
        return len(self._locks)


async def dispatch_safely(dispatch: Callable[[Event], Awaitable[Outcome]], event: Event) -> Outcome:
    """The dispatcher's outcome; after an unexpected error (or a database that stays away), an apology.

    The update gets its trace id here: every log line of its handling, its replies and the outbox rows it writes
    carry it (the caller's task keeps it while it sends the replies). Counted and timed for /metrics. When a commit
    landed but the connection dropped before PostgreSQL said so, the retry finds the update processed: the person
    gets the answer that committed attempt computed, not silence."""
    TRACE_ID.set(new_trace())
    started = time.perf_counter()
    owed: list[Outcome] = []
    OWED.set(owed)
    try:
        outcome = await retry_when_unavailable(lambda: dispatch(event), event)
        if outcome.result == "duplicate" and owed:  # an earlier attempt's commit landed unseen: its answer is due
            outcome = owed[-1]
    except Exception:
        log.exception("update failed channel=%s chat=%s update=%s", event.ref.channel, event.ref.chat_id,
                      event.update_id)
        t = translator(event.language)
        outcome = Outcome(replies=[Reply(t("Sorry, something went wrong on our side. Please try again in a moment."))],
                          result="failed")
    seconds = time.perf_counter() - started
    metrics.HANDLING.labels(event.ref.channel).observe(seconds)
    metrics.UPDATES.labels(event.ref.channel, outcome.result).inc()
    log.debug("update %s channel=%s chat=%s in %.0f ms", outcome.result, event.ref.channel, event.ref.chat_id,
              seconds * 1000)
    return outcome
