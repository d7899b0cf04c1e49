"""Delivery worker: claims outbox rows with SKIP LOCKED, sends them, records the outcome."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Protocol

from storage.db import Database

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class Unreachable(Exception):
    """The recipient blocked the bot or the chat is gone: stop until they write again."""


class RetryLater(Exception):
    def __init__(self, message: str, delay: float) -> None:
        super().__init__(message)
        self.delay = delay


class PermanentFailure(Exception):
    """The platform refused this message for good (it would fail again)."""


class HoldUntilUserWrites(Exception):
    """The platform allows this message only after the recipient writes again (Zalo OA's 7-day window)."""


class Sender(Protocol):
    async def send(self, chat_id: str, payload: dict[str, Any]) -> str: ...


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def backoff(attempts: int) -> float:
    return min(2.0 ** attempts, 600.0)


class OutboxWorker:
    def __init__(self, database: Database, bot_row_id: int, sender: Sender,
                 clock: Callable[[], datetime] = utcnow, batch: int = 20, poll_seconds: float = 1.0) -> None:
        self.database, self.bot_row_id, self.sender = database, bot_row_id, sender
        self.clock, self.batch, self.poll_seconds = clock, batch, poll_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """Send one batch of due rows; the row locks are held until the batch's outcomes are committed."""
        async with self.database.unit_of_work() as uow:
            rows = await uow.repo.claim(self.bot_row_id, self.clock(), self.batch)
            for row in rows:
                await self._send_one(uow.repo, row)
            await uow.commit()
        return len(rows)

    async def _send_one(self, repo: Any, row: Any) -> None:
        try:
            message_id = await self.sender.send(row.chat_id, {**row.payload, "kind": row.kind})
        except HoldUntilUserWrites as error:
            log.info("delivery %s held until chat=%s writes", row.id, row.chat_id)
            await repo.mark_held(row, str(error), self.clock())
        except Unreachable as error:
            log.info("delivery %s unreachable chat=%s", row.id, row.chat_id)
            await repo.mark_unreachable(row, str(error), self.clock())
        except RetryLater as error:
            log.warning("delivery %s retry in %.1fs: %s", row.id, error.delay, error)
            await repo.mark_retry(row, str(error), timedelta(seconds=error.delay), self.clock(), MAX_ATTEMPTS)
        except PermanentFailure as error:
            log.error("delivery %s failed: %s", row.id, error)
            await repo.mark_retry(row, str(error), timedelta(0), self.clock(), give_up_after=0)
        else:
            await repo.mark_sent(row, message_id, self.clock())

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                sent = await self.run_once()
            except Exception:
                log.exception("outbox batch failed")
                sent = 0
            if sent:
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
            except asyncio.TimeoutError:
                pass
