"""Periodic sessions are tracked per calendar year: at least `session.periodic_per_year` (Law on Grassroots
Democracy 2022, Art. 32; Law on Organisation of Local Government 2025, Art. 43). From `reminder.periodic_month`
on, a commune whose year has fewer periodic sessions announced or held is reminded once that year (the chair and
secretaries)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.commune.policy import policy_int
from handlers.commune.reminders import rows_to
from handlers.conversation.access import Role
from handlers.conversation.i18n import VIETNAM, Translator

KEYS = ("session.periodic_per_year", "reminder.periodic_month")


async def tick(unit_of_work: Any, now: datetime) -> int:
    """Queue the year's reminders due at `now`; returns how many messages."""
    local = now.astimezone(VIETNAM)
    year = local.year
    since = datetime(year, 1, 1, tzinfo=VIETNAM)
    until = datetime(year + 1, 1, 1, tzinfo=VIETNAM)
    async with unit_of_work() as uow:
        repo, rows = uow.repo, []
        policies = await repo.policy_values_of(KEYS)
        for commune_id, held in await repo.periodic_counts(since, until, str(year)):
            values = policies.get(commune_id, {})
            needed = policy_int(values, "session.periodic_per_year")
            if held >= needed or local.month < policy_int(values, "reminder.periodic_month"):
                continue
            if await repo.claim_reminder(commune_id, "periodic", str(year)):
                people = await repo.staff_with_role(commune_id, [Role.CHAIR, Role.SECRETARY])
                rows += await rows_to(repo, people, "session.periodic", commune_id,
                                      lambda t, n=held, k=needed: _reminder(year, n, k, t))
        queued = await repo.enqueue_many(rows)
        await uow.commit()
    return queued


def _reminder(year: int, held: int, needed: int, t: Translator) -> str:
    return t("Reminder: {held} periodic dialogue sessions have been announced or held in {year}; the law asks for "
             "at least {needed} a year. Send /newsession to plan one.").format(held=held, year=year, needed=needed)
