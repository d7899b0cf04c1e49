"""The clock of what follows a session: the chair's conclusion notice (`deadline.conclusion_notice_wd` working
days) and the results sent to the village heads (`deadline.village_heads_days` days, Law on Organisation of Local
Government 2025, Art. 43) — both done by publishing the conclusion. Before the first of them lapses the chair and
secretaries are reminded; once it has, the chair is told. Once each per session (clock_reminder)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handlers.commune.deadlines import Rule, due_date, is_overdue, working_days_left
from handlers.commune.policy import load_deadlines
from handlers.commune.reminders import PassCache, rows_to
from handlers.conversation.access import Role
from handlers.conversation.i18n import VIETNAM, Translator


async def tick(unit_of_work: Any, now: datetime) -> int:
    """Queue the reminders due at `now`; returns how many messages."""
    today = now.astimezone(VIETNAM).date()
    async with unit_of_work() as uow:
        repo, rows = PassCache(uow.repo), []
        for session in await repo.held_sessions_unconcluded(now):
            policy, calendar = await load_deadlines(repo, session.commune_id)
            held = session.starts_at.astimezone(VIETNAM).date()
            notice = due_date(Rule.CONCLUSION_NOTICE, held, policy, calendar.is_working_day)
            heads = due_date(Rule.VILLAGE_HEADS, held, policy, calendar.is_working_day)
            first = min(notice, heads)
            if is_overdue(today, first):
                if await repo.claim_reminder(session.commune_id, "notice.overdue", str(session.id)):
                    rows += await _tell(repo, session, [Role.CHAIR], "notice.overdue",
                                        lambda t, s=session, n=notice, h=heads: _overdue(s, n, h, t))
            elif working_days_left(today, first, calendar.is_working_day) <= policy.remind_before:
                if await repo.claim_reminder(session.commune_id, "notice.reminder", str(session.id)):
                    rows += await _tell(repo, session, [Role.CHAIR, Role.SECRETARY], "notice.reminder",
                                        lambda t, s=session, n=notice, h=heads: _reminder(s, n, h, t))
        queued = await repo.enqueue_many(rows)
        await uow.commit()
    return queued


def _reminder(session: Any, notice: date, heads: date, t: Translator) -> str:
    return t("Reminder: session #{id} of {held} needs its conclusion published — the conclusion notice no later "
             "than {notice}, the results to the village heads no later than {heads}. Send /conclude {id}.").format(
        id=session.id, held=t.date(session.starts_at), notice=t.date(notice), heads=t.date(heads))


def _overdue(session: Any, notice: date, heads: date, t: Translator) -> str:
    return t("⚠️ Overdue: session #{id} of {held} has no published conclusion; the conclusion notice was due no "
             "later than {notice} and the results to the village heads no later than {heads}. Send /conclude {id}.") \
        .format(id=session.id, held=t.date(session.starts_at), notice=t.date(notice), heads=t.date(heads))


async def _tell(repo: Any, session: Any, roles: list[str], kind: str, render: Any) -> list[dict[str, Any]]:
    people = await repo.staff_with_role(session.commune_id, roles)
    return await rows_to(repo, people, kind, session.commune_id, render)
