"""The sandbox's clock: real time plus an offset the page moves forward ("+1 ngày", "+1 tuần"), so a newcomer sees
reminders, overdue items and the year's plan come due. Only `doithoai sandbox` builds one; `doithoai run` keeps the
real clock, and no setting moves it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Awaitable, Callable

STEPS = {1, 7}  # the page's two buttons: a day, a week


class SandboxClock:
    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    def forward(self, days: int) -> None:
        if days not in STEPS:
            raise ValueError("the clock moves forward a day or a week")
        self.offset += timedelta(days=days)


class ClockControl:
    """Moves the sandbox clock forward, then runs the reminder pass at the new time (it queues what is due)."""

    def __init__(self, clock: SandboxClock, run_reminders: Callable[[], Awaitable[int]]) -> None:
        self.clock, self.run_reminders = clock, run_reminders

    async def forward(self, days: int) -> int:
        self.clock.forward(days)
        return await self.run_reminders()
