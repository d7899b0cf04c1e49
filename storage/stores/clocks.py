"""Storage for the clocks added in issue 12: submissions waiting for their acknowledgement, sessions held whose
conclusion is not yet published, communes' periodic sessions per year, and once-only reminder marks."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import ARRAY, Integer, String, any_, bindparam, cast, exists, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ClockReminder, Commune, CommunePolicy, DialogueSession, Question

ACK_COLUMNS = (Question.id, Question.commune_id, Question.code, Question.created_at, Question.ack_due_on,
               Question.ack_reminded_at)
HELD_STATES = ("announced", "intake_closed", "in_progress")  # held, or due to have been, but not yet concluded


class ClockStore:
    session: AsyncSession

    async def unacknowledged(self, ids: Sequence[int] | None = None, *, lock: bool = False) -> list[Any]:
        """New submissions nobody has acted on yet and not escalated: plain rows (ACK_COLUMNS); with ids, those
        questions themselves, locked when `lock` (SKIP LOCKED: a concurrent pass has them)."""
        where = (Question.state == "new", Question.acknowledged_at.is_(None), Question.ack_escalated_at.is_(None))
        if ids is None:
            return list((await self.session.execute(select(*ACK_COLUMNS).where(*where)
                                                    .order_by(Question.id))).all())
        if not ids:
            return []
        stmt = select(Question).where(*where, Question.id == any_(bindparam("ids", list(ids), type_=ARRAY(Integer))))
        if lock:
            stmt = stmt.with_for_update(skip_locked=True)
        return list((await self.session.scalars(stmt.order_by(Question.id))).all())

    async def held_sessions_unconcluded(self, now: datetime) -> list[DialogueSession]:
        """Sessions whose time has come and gone without a published conclusion, oldest first — but not those whose
        chair has already been told it is overdue (nothing more to send)."""
        told = exists().where(ClockReminder.commune_id == DialogueSession.commune_id,
                              ClockReminder.kind == "notice.overdue",
                              ClockReminder.subject == cast(DialogueSession.id, String))
        stmt = select(DialogueSession).where(DialogueSession.state.in_(HELD_STATES), DialogueSession.starts_at <= now,
                                             ~told)
        return list((await self.session.scalars(stmt.order_by(DialogueSession.starts_at))).all())

    async def periodic_counts(self, since: datetime, until: datetime, reminder: str) -> list[tuple[int, int]]:
        """(commune, periodic sessions announced or held in [since, until)) for every commune not yet sent this
        reminder (kind "periodic", subject `reminder`)."""
        count = (select(func.count()).select_from(DialogueSession)
                 .where(DialogueSession.commune_id == Commune.id, DialogueSession.kind == "periodic",
                        DialogueSession.state != "draft", DialogueSession.starts_at >= since,
                        DialogueSession.starts_at < until).scalar_subquery())
        sent = exists().where(ClockReminder.commune_id == Commune.id, ClockReminder.kind == "periodic",
                              ClockReminder.subject == reminder)
        stmt = select(Commune.id, count).where(~sent).order_by(Commune.id)
        return [(commune_id, int(n)) for commune_id, n in (await self.session.execute(stmt)).all()]

    async def policy_values_of(self, keys: Sequence[str]) -> dict[int, dict[str, str]]:
        """These policy keys of every commune that stores them, in one query (a pass over all communes)."""
        stmt = select(CommunePolicy.commune_id, CommunePolicy.key, CommunePolicy.value) \
            .where(CommunePolicy.key.in_(list(keys)))
        values: dict[int, dict[str, str]] = {}
        for commune_id, key, value in (await self.session.execute(stmt)).all():
            values.setdefault(commune_id, {})[key] = value
        return values

    async def claim_reminder(self, commune_id: int, kind: str, subject: str) -> bool:
        """Record that this reminder goes out now; False when it already went (or a concurrent pass is sending
        it: the row is taken in the caller's transaction)."""
        stmt = (insert(ClockReminder).values(commune_id=commune_id, kind=kind, subject=subject)
                .on_conflict_do_nothing().returning(ClockReminder.kind))
        return (await self.session.execute(stmt)).scalar_one_or_none() is not None
