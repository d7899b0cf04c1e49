"""Group commit of "sent" outcomes: every worker of a process hands its sent rows here and they are recorded
together, one UPDATE per batch, instead of one transaction per message (20 bots × 29 msg/s would otherwise be 580
commits a second and a queue for pool connections).

A send's task waits until its batch is committed, so `run_until_idle` and a clean stop still see every outcome
recorded. A crash between a send and its batch's commit re-sends that row once its lease expires — the window is
`delay` longer than before, so duplicates after a SIGKILL stay bounded by the sends of one batch."""
from __future__ import annotations

import asyncio
import weakref
from datetime import datetime

from storage.db import Database


class SentBatch:
    def __init__(self, database: Database, delay: float = 0.05) -> None:
        self.database, self.delay = database, delay
        self._batch: tuple[list[tuple[int, str, datetime]], asyncio.Future] | None = None
        self._flusher: asyncio.Task | None = None

    async def record(self, row_id: int, message_id: str, now: datetime) -> None:
        """Returns once this outcome is committed; raises what the commit raised."""
        if self._batch is None or self._flusher is None or self._flusher.done():  # none, or left by a dead loop
            self._batch = ([], asyncio.get_running_loop().create_future())
            self._flusher = asyncio.create_task(self._flush(self._batch))
        rows, done = self._batch
        rows.append((row_id, message_id, now))
        await asyncio.shield(done)

    async def _flush(self, batch: tuple[list[tuple[int, str, datetime]], asyncio.Future]) -> None:
        await asyncio.sleep(self.delay)
        if self._batch is batch:
            self._batch = None
        rows, done = batch
        try:
            async with self.database.unit_of_work() as uow:
                await uow.repo.mark_sent_many(rows)
                await uow.commit()
        except Exception as error:  # each waiting send logs it; their leases expire and the rows are retried
            done.set_exception(error)
            done.exception()  # retrieved here too, in case every waiter was cancelled
            return
        done.set_result(None)


_SHARED: "weakref.WeakKeyDictionary[Database, SentBatch]" = weakref.WeakKeyDictionary()


def shared(database: Database) -> SentBatch:
    """The process's batch for this database: every worker on it commits its sent outcomes together."""
    batch = _SHARED.get(database)
    if batch is None:
        batch = _SHARED[database] = SentBatch(database)
    return batch
