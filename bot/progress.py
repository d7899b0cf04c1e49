"""Background duties beside the outbox: broadcast progress edited in place, and the session reminder clock."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Awaitable, Callable

from bot.outbox import Sender
from handlers.conversation import housekeeping
from handlers.commune.words import commune_translator
from handlers.sessions.views import progress
from storage.db import Database

log = logging.getLogger(__name__)


class ProgressReporter:
    """Edits each broadcast's progress message in place; the last edit carries the final counts."""

    def __init__(self, database: Database, bot_row_id: int, sender: Sender, clock: Callable[[], datetime]) -> None:
        self.database, self.bot_row_id, self.sender, self.clock = database, bot_row_id, sender, clock

    async def run_once(self) -> int:
        """Update every open broadcast's message; returns how many are still running."""
        running = 0
        async with self.database.unit_of_work() as uow:
            for broadcast, message in await uow.repo.open_broadcasts(self.bot_row_id):
                counts = await uow.repo.delivery_counts(broadcast.id)
                t = await commune_translator(uow.repo, broadcast.commune_id, broadcast.progress_language)
                text = progress(counts, broadcast.total, t)
                finished = sum(counts.get(s, 0) for s in ("sent", "unreachable", "failed")) >= broadcast.total
                if text != broadcast.progress_text:
                    try:
                        await self.sender.edit(message.chat_id, message.platform_message_id, {"text": text})
                    except Exception as error:  # the next round tries again
                        log.warning("progress edit failed broadcast=%s: %s", broadcast.id, type(error).__name__)
                        running += 1
                        continue
                    broadcast.progress_text = text
                if finished:
                    broadcast.finished_at = self.clock()
                else:
                    running += 1
            await uow.commit()
        return running


async def reminders_once(database: Database, clock: Callable[[], datetime],
                         keep_updates_days: int = housekeeping.KEEP_UPDATES_DAYS) -> int:
    """The session clock, follow-up, acknowledgement, conclusion and periodic reminders (returns the messages
    queued), then housekeeping. The clocks' modules are imported on the first pass, not when the bot starts."""
    from handlers.conclusions import followup, notice_clock
    from handlers.preparation import clock as preparation_clock
    from handlers.questions import acknowledgement, reception_clock
    from handlers.sessions import periodic
    from handlers.sessions.reminders import tick

    now = clock()
    queued = await tick(database.unit_of_work, now) + await followup.tick(database.unit_of_work, now)
    queued += await reception_clock.tick(database.unit_of_work, now)
    for run in (acknowledgement.tick, notice_clock.tick, periodic.tick, preparation_clock.tick):
        queued += await run(database.unit_of_work, now)
    await housekeeping.tick(database.unit_of_work, now, keep_updates_days)
    return queued


async def every(seconds: float, action: Callable[[], Awaitable[object]], stop: asyncio.Event, name: str) -> None:
    """Run action every `seconds` until stop; a failure is logged and the loop goes on."""
    while not stop.is_set():
        try:
            await action()
        except Exception:
            log.exception("%s failed", name)
        try:
            await asyncio.wait_for(stop.wait(), seconds)
        except asyncio.TimeoutError:
            pass
