"""Storage for preparing a session (issue 14): steps marked done, prepared answers, the sessions being prepared,
and the commune's submissions still open since a day (the review before the session)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DialogueSession, PreparationStep, PreparedAnswer, Question

PREPARING = ("announced", "intake_closed")  # announced and not yet held
OPEN = ("new", "assigned")


class PreparationStore:
    session: AsyncSession

    async def sessions_preparing(self, now: datetime, commune_id: int | None = None) -> list[DialogueSession]:
        """Announced sessions still to come, soonest first (one commune's, or every commune's)."""
        stmt = select(DialogueSession).where(DialogueSession.state.in_(PREPARING), DialogueSession.starts_at > now)
        if commune_id is not None:
            stmt = stmt.where(DialogueSession.commune_id == commune_id)
        return list((await self.session.scalars(stmt.order_by(DialogueSession.starts_at))).all())

    async def steps_done(self, session_id: int) -> dict[str, datetime]:
        stmt = select(PreparationStep.step, PreparationStep.done_at).where(PreparationStep.session_id == session_id)
        return {step: at for step, at in (await self.session.execute(stmt)).all()}

    async def mark_step_done(self, session_id: int, step: str, person_id: int | None) -> bool:
        """False when the step was already done."""
        stmt = (insert(PreparationStep).values(session_id=session_id, step=step, done_by=person_id)
                .on_conflict_do_nothing().returning(PreparationStep.step))
        return (await self.session.execute(stmt)).scalar_one_or_none() is not None

    async def prepared_answers(self, question_ids: Sequence[int]) -> dict[int, Any]:
        if not question_ids:
            return {}
        stmt = select(PreparedAnswer).where(PreparedAnswer.question_id.in_(list(question_ids)))
        return {row.question_id: row for row in (await self.session.scalars(stmt)).all()}

    async def save_prepared_answer(self, question_id: int, text: str, author_id: int | None,
                                   now: datetime) -> None:
        stmt = insert(PreparedAnswer).values(question_id=question_id, text=text, author_id=author_id,
                                             updated_at=now)
        stmt = stmt.on_conflict_do_update(index_elements=[PreparedAnswer.question_id],
                                          set_={"text": text, "author_id": author_id, "updated_at": now})
        await self.session.execute(stmt)

    async def open_submissions_since(self, commune_id: int, since: datetime) -> list[tuple[str, str]]:
        """(kind, code) of the commune's submissions still open that came in since `since`, oldest first; a
        denunciation of the chair (handled above the commune) is left out."""
        stmt = select(Question.kind, Question.code).where(
            Question.commune_id == commune_id, Question.state.in_(OPEN), Question.created_at >= since,
            Question.against_chair.is_(False)).order_by(Question.id)
        return [(kind, code) for kind, code in (await self.session.execute(stmt)).all()]
