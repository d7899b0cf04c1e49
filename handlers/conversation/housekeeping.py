"""Housekeeping on the reminder clock: prune what is only needed for a while (issue 10, hole 14). Seen update ids
only guard against redelivery, which comes within minutes; link attempts only count for a day."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

KEEP_UPDATES_DAYS = 30


async def tick(unit_of_work: Any, now: datetime, keep_updates_days: int = KEEP_UPDATES_DAYS) -> int:
    """Prune in one short transaction; returns how many rows went."""
    async with unit_of_work() as uow:
        deleted = await uow.repo.prune(now, timedelta(days=keep_updates_days))
        await uow.commit()
    return deleted
