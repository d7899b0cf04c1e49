"""Storage for after the session: calendar overrides, conclusions, register numbers and follow-up of answers."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Sequence

from sqlalchemy import ARRAY, Integer, any_, bindparam, extract, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DayOverride, DialogueSession, Question, SessionConclusion, StaffMember

FOLLOWED_STATES = ("assigned", "reopened")
FOLLOW_COLUMNS = (Question.id, Question.commune_id, Question.code, Question.department_code, Question.due_on,
                  Question.due_reminded_at)


class ConclusionStore:
    session: AsyncSession

    # --- calendar overrides ------------------------------------------------------------------
    async def day_overrides(self, commune_id: int) -> dict[date, bool]:
        stmt = select(DayOverride.day, DayOverride.working).where(DayOverride.commune_id == commune_id)
        return dict((await self.session.execute(stmt)).all())

    async def set_day_override(self, commune_id: int, day: date, working: bool, note: str = "") -> None:
        stmt = (insert(DayOverride).values(commune_id=commune_id, day=day, working=working, note=note)
                .on_conflict_do_update(index_elements=["commune_id", "day"], set_={"working": working, "note": note}))
        await self.session.execute(stmt)

    # --- conclusions and document numbers ----------------------------------------------------
    async def conclusion(self, session_id: int, *, lock: bool = False) -> SessionConclusion | None:
        stmt = select(SessionConclusion).where(SessionConclusion.session_id == session_id)
        return await self.session.scalar(stmt.with_for_update() if lock else stmt)

    async def save_conclusion(self, session_id: int, **fields: Any) -> SessionConclusion:
        row = await self.conclusion(session_id, lock=True) or SessionConclusion(session_id=session_id)
        for name, value in fields.items():
            setattr(row, name, value)
        self.session.add(row)
        await self.session.flush()
        return row

    async def document_number_used(self, commune_id: int, kind: str, number: int, year: int,
                                   except_session: int) -> bool:
        """Whether another session's published conclusion of the commune already carries this register number for
        this document type (TB: the notice, BB: the minutes) in this calendar year (Vietnam time)."""
        column = SessionConclusion.notice_no if kind == "TB" else SessionConclusion.minutes_no
        published_year = extract("year", func.timezone("Asia/Ho_Chi_Minh", SessionConclusion.published_at))
        stmt = (select(SessionConclusion.session_id)
                .join(DialogueSession, DialogueSession.id == SessionConclusion.session_id)
                .where(DialogueSession.commune_id == commune_id, SessionConclusion.session_id != except_session,
                       column == number, published_year == year).limit(1))
        return await self.session.scalar(stmt) is not None

    async def session_questions(self, session_id: int, states: Sequence[str] | None = None,
                                since: datetime | None = None) -> list[Question]:
        """Questions of a session, oldest first; only in these states / created at or after `since` when given."""
        stmt = select(Question).where(Question.session_id == session_id)
        if states is not None:
            stmt = stmt.where(Question.state.in_(states))
        if since is not None:
            stmt = stmt.where(Question.created_at >= since)
        return list((await self.session.scalars(stmt.order_by(Question.id))).all())

    async def commune_questions(self, commune_id: int) -> list[Question]:
        stmt = select(Question).where(Question.commune_id == commune_id).order_by(Question.id)
        return list((await self.session.scalars(stmt)).all())

    # --- follow-up ---------------------------------------------------------------------------
    async def owed(self, commune_id: int, department_code: str | None = None,
                   due_before: date | None = None) -> list[Question]:
        """Questions waiting for a written answer (a department's, or all), soonest due first."""
        stmt = select(Question).where(Question.commune_id == commune_id, Question.state.in_(FOLLOWED_STATES),
                                      Question.due_on.is_not(None))
        if department_code is not None:
            stmt = stmt.where(Question.department_code == department_code)
        if due_before is not None:
            stmt = stmt.where(Question.due_on < due_before)
        return list((await self.session.scalars(stmt.order_by(Question.due_on, Question.id))).all())

    async def followed_up(self, ids: Sequence[int] | None = None, *, lock: bool = False) -> list[Any]:
        """Questions still waiting for a reminder or an escalation, as plain rows (FOLLOW_COLUMNS), oldest first.
        With ids: only those, locked for the caller's transaction when `lock` (SKIP LOCKED: a concurrent pass has
        them)."""
        stmt = select(*FOLLOW_COLUMNS).where(Question.state.in_(FOLLOWED_STATES), Question.due_on.is_not(None),
                                             Question.escalated_at.is_(None))
        if ids is not None:
            if not ids:
                return []
            stmt = stmt.where(Question.id == any_(bindparam("ids", list(ids), type_=ARRAY(Integer))))
        if lock:
            stmt = stmt.with_for_update(skip_locked=True)
        return list((await self.session.execute(stmt.order_by(Question.id))).all())

    async def mark_followed(self, ids: Sequence[int], column: str, now: datetime) -> None:
        """Set due_reminded_at or escalated_at on these questions (the pass has them locked)."""
        if ids:
            stmt = (update(Question).where(Question.id == any_(bindparam("ids", list(ids), type_=ARRAY(Integer))))
                    .values({column: now}).execution_options(synchronize_session=False))
            await self.session.execute(stmt)

    async def staff_with_role(self, commune_id: int, roles: Sequence[str],
                              department_code: str | None = None) -> list[int]:
        stmt = select(StaffMember.person_id).where(StaffMember.commune_id == commune_id,
                                                   StaffMember.role.in_(roles))
        if department_code is not None:
            stmt = stmt.where(StaffMember.department_code == department_code)
        return list((await self.session.scalars(stmt.distinct())).all())
