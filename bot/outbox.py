"""Delivery worker: leases outbox rows (SKIP LOCKED), sends them within the channel's limits, records outcomes.

Crash safety: a lease is committed before sending and each outcome right after its send, so a killed worker loses
nothing (its leases expire and another worker takes the rows) and can double only the sends in flight.
"""
from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Protocol

from bot.db_retry import database_unavailable
from bot.pacing import ChannelLimits, Pacer
from bot.sent_batch import SentBatch, shared
from storage.db import Database
from storage.tracing import TRACE_ID

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class Unreachable(Exception):
    """The recipient blocked the bot or the chat is gone: stop until they write again."""


class RetryLater(Exception):
    """A transient failure (network, 5xx): try again after a backoff."""

    def __init__(self, message: str, delay: float) -> None:
        super().__init__(message)
        self.delay = delay


class RateLimited(RetryLater):
    """The platform said too many requests (429): pause and retry after `delay`; not a failed attempt."""


class ChatMoved(Exception):
    """The chat has a new id (a Telegram group upgraded to a supergroup): re-send there."""

    def __init__(self, message: str, new_chat_id: str) -> None:
        super().__init__(message)
        self.new_chat_id = new_chat_id


class PermanentFailure(Exception):
    """The platform refused this message for good (it would fail again)."""


class HoldUntilUserWrites(Exception):
    """The platform allows this message only after the recipient writes again (Zalo OA's 7-day window)."""


class Sender(Protocol):
    """One channel's way of sending an outbox payload, with that channel's limits."""

    limits: ChannelLimits

    def is_group(self, chat_id: str) -> bool: ...
    async def send(self, chat_id: str, payload: dict[str, Any]) -> str: ...
    async def edit(self, chat_id: str, message_id: str, payload: dict[str, Any]) -> None: ...


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def backoff(attempts: int) -> float:
    return min(2.0 ** attempts, 600.0)


class OutboxWorker:
    def __init__(self, database: Database, bot_row_id: int, sender: Sender,
                 clock: Callable[[], datetime] = utcnow, poll_seconds: float = 1.0, lease_seconds: float = 30.0,
                 name: str = "", batch: int = 0, sent_batch: SentBatch | None = None) -> None:
        self.database, self.bot_row_id, self.sender = database, bot_row_id, sender
        self.clock, self.poll_seconds, self.lease = clock, poll_seconds, timedelta(seconds=lease_seconds)
        self.name = name or f"worker-{id(self):x}"
        self.pacer = Pacer(sender.limits)
        self.batch = batch or max(8, int(sender.limits.per_second * 2))  # rows leased at once
        self._local: list[Any] = []  # leased rows not yet sent, oldest first
        self._busy_chats: set[str] = set()
        self._slots = asyncio.Semaphore(sender.limits.in_flight)
        self._tasks: set[asyncio.Task] = set()
        self._wake = asyncio.Event()
        self._resting = False  # idle with nothing leased: what run_until_idle waits for
        self._leasing: asyncio.Task | None = None  # a claim made while leased rows are still being sent
        self.sent_batch = sent_batch or shared(database)  # shared by a process's workers: one commit for many

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                if len(self._local) < self.batch // 2 and self._leasing is None:
                    if self._local:  # enough to go on with: claim more while these are sent
                        self._leasing = asyncio.create_task(self._lease_in_background())
                    else:
                        await self._lease_more()
                row = self._next_row()
            except Exception as error:
                if database_unavailable(error):  # a restart or failover: expected, and retried at the next poll
                    log.warning("outbox lease failed bot=%s: database unavailable", self.bot_row_id)
                else:
                    log.exception("outbox lease failed bot=%s", self.bot_row_id)
                row = None
            self._resting = row is None and not self._local
            if row is None:
                await self._idle(stop)
                continue
            await self._slots.acquire()
            await self.pacer.take(self._reserve)
            self._start(row)
        if self._leasing is not None:
            await self._leasing
        await self.drain_in_flight()
        await self._release_local()

    async def _lease_in_background(self) -> None:
        try:
            await self._lease_more()
        except Exception as error:
            if database_unavailable(error):
                log.warning("outbox lease failed bot=%s: database unavailable", self.bot_row_id)
            else:
                log.exception("outbox lease failed bot=%s", self.bot_row_id)
        finally:
            self._leasing = None
            self.wake()

    async def _release_local(self) -> None:
        """On a clean stop, hand leased but unsent rows straight back instead of waiting for their lease."""
        if self._local:
            async with self.database.unit_of_work() as uow:
                for row in self._local:
                    await uow.repo.release(row.id, self.clock())
                await uow.commit()
            self._local = []

    async def run_until_idle(self, timeout: float = 10.0) -> None:
        """Send everything due within the timeout and wait for the outcomes (tests and tools)."""
        deadline = time.monotonic() + timeout
        stop = asyncio.Event()
        task = asyncio.create_task(self.run(stop))
        while time.monotonic() < deadline:
            await asyncio.sleep(0.02)
            left = timedelta(seconds=max(deadline - time.monotonic(), 0))
            if self._idle_now() and not await self._anything_due(left) and self._idle_now():
                break  # idle before and after the query: the loop may have leased the next row meanwhile
        stop.set()
        self.wake()
        await task

    def _idle_now(self) -> bool:
        return self._resting and not self._local and not self._tasks and self._leasing is None

    async def drain_in_flight(self) -> None:
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _anything_due(self, within: timedelta) -> bool:
        async with self.database.unit_of_work() as uow:
            return await uow.repo.due_count(self.bot_row_id, self.clock() + within) > 0

    async def _lease_more(self) -> None:
        async with self.database.unit_of_work() as uow:
            rows = await uow.repo.claim(self.bot_row_id, self.clock(), self.batch - len(self._local), self.lease)
            await uow.commit()
        known = {row.id for row in self._local}
        self._local.extend(row for row in rows if row.id not in known)

    async def _reserve(self) -> list[float]:
        """Book send slots for what this worker holds on the bot's schedule shared with other workers."""
        count = max(1, min(self.batch, len(self._local) + 1))
        async with self.database.unit_of_work() as uow:
            wait, gap = await uow.repo.reserve_slots(self.bot_row_id, count, 1 / self.sender.limits.per_second)
            await uow.commit()
        first = self.pacer.clock() + wait
        return [first + i * gap for i in range(count)]

    def _next_row(self) -> Any | None:
        """The oldest leased row whose chat may be sent to now; a chat's rows go out in order."""
        now, seen = self.pacer.clock(), set()
        for row in self._local:
            if row.chat_id in seen:
                continue
            seen.add(row.chat_id)
            if row.chat_id not in self._busy_chats and self.pacer.ready_at(row.chat_id) <= now:
                self._local.remove(row)
                return row
        return None

    async def _idle(self, stop: asyncio.Event) -> None:
        """Wait for the next chat to become ready, new work, or the poll interval; hand back rows held too long."""
        await self._release_waiting()
        now = self.pacer.clock()
        waits = [self.pacer.ready_at(row.chat_id) - now for row in self._local]
        timeout = min([self.poll_seconds] + [max(w, 0.005) for w in waits])
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except asyncio.TimeoutError:
            pass

    async def _release_waiting(self) -> None:
        """Rows whose chat is paused beyond a third of the lease go back to the table with their due time."""
        now, horizon = self.pacer.clock(), self.lease.total_seconds() / 3
        late = [row for row in self._local if self.pacer.ready_at(row.chat_id) - now > horizon]
        if not late:
            return
        async with self.database.unit_of_work() as uow:
            for row in late:
                due = self.clock() + timedelta(seconds=self.pacer.ready_at(row.chat_id) - now)
                await uow.repo.release(row.id, due)
            await uow.commit()
        self._local = [row for row in self._local if row not in late]

    def _start(self, row: Any) -> None:
        self._busy_chats.add(row.chat_id)
        self.pacer.sent_to(row.chat_id, self.sender.is_group(row.chat_id))
        task = asyncio.create_task(self._deliver(row))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, row: Any) -> None:
        released = False
        TRACE_ID.set(getattr(row, "trace_id", None))  # this task's log lines carry the trace of the update behind it
        try:
            outcome = await self._send(row)
            if outcome[0] == "sent":  # the platform has answered: the next send may go while this one is recorded
                self._busy_chats.discard(row.chat_id)
                self._slots.release()
                released = True
                self.wake()
                log.debug("delivery %s sent kind=%s", row.id, row.kind)
                await self.sent_batch.record(row.id, outcome[1], self.clock())
            else:
                await self._record(row, outcome)
        except Exception:
            log.exception("delivery %s outcome not recorded; the lease will expire and it will be retried", row.id)
        finally:
            if not released:
                self._busy_chats.discard(row.chat_id)
                self._slots.release()
            self.wake()

    async def _send(self, row: Any) -> tuple[str, Any]:
        try:
            return "sent", await self.sender.send(row.chat_id, {**row.payload, "kind": row.kind})
        except Exception as error:  # every failure is recorded by _record
            return "error", error

    async def _record(self, row: Any, outcome: tuple[str, Any]) -> None:
        """A refusal or failure, in its own short transaction (sent outcomes go through the SentBatch)."""
        async with self.database.unit_of_work() as uow:
            await self._record_error(uow.repo, row, outcome[1], self.clock())
            await uow.commit()

    async def _record_error(self, repo: Any, row: Any, error: Exception, now: datetime) -> None:
        if isinstance(error, HoldUntilUserWrites):
            log.info("delivery %s held until chat=%s writes", row.id, row.chat_id)
            await repo.mark_held(row.id, str(error))
        elif isinstance(error, Unreachable):
            log.info("delivery %s unreachable bot=%s chat=%s", row.id, row.bot_id, row.chat_id)
            await repo.mark_unreachable(row, str(error), now)
        elif isinstance(error, RateLimited):
            log.warning("delivery %s 429 chat=%s retry in %.1fs", row.id, row.chat_id, error.delay)
            self.pacer.refused(row.chat_id, error.delay)
            due = now + timedelta(seconds=error.delay)
            await repo.release(row.id, due, error=str(error))
            await self._hold_back(repo, row.chat_id, due)
        elif isinstance(error, ChatMoved):
            log.info("delivery %s chat=%s moved to %s", row.id, row.chat_id, error.new_chat_id)
            await repo.move_chat(row.bot_id, row.chat_id, error.new_chat_id)
            await repo.release(row.id, now, error=str(error))
        elif isinstance(error, PermanentFailure) or row.attempts + 1 >= MAX_ATTEMPTS:
            log.error("delivery %s failed chat=%s: %s", row.id, row.chat_id, type(error).__name__)
            await repo.mark_failed(row.id, str(error) or type(error).__name__)
        else:
            delay = max(getattr(error, "delay", 0.0), backoff(row.attempts))
            log.warning("delivery %s retry in %.1fs chat=%s: %s", row.id, delay, row.chat_id, type(error).__name__)
            await repo.release(row.id, now + timedelta(seconds=delay), error=str(error) or type(error).__name__,
                               attempt=True)
            await self._hold_back(repo, row.chat_id, now + timedelta(seconds=delay))

    async def _hold_back(self, repo: Any, chat_id: str, due: datetime) -> None:
        """The chat's later rows wait with the one that must be retried, so a chat's messages stay in order."""
        later = [row for row in self._local if row.chat_id == chat_id]
        for row in later:
            await repo.release(row.id, due)
        self._local = [row for row in self._local if row.chat_id != chat_id]
