"""Storage for questions (tickets), their attachments and their audit trail."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, String, bindparam, cast, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from handlers.conversation.ports import QueueFilter
from storage.models import QuestionSupporter
from storage.models import Commune, Question, QuestionAttachment, QuestionEvent


_questions, _events, _communes = Question.__table__, QuestionEvent.__table__, Commune.__table__
# The commune's next ticket number, taken in the question's own statement: the commune's row stays locked from there
# to the commit (the few statements left of "Send"), so two questions never share a code and one rolled back leaves
# no gap.
_TAKEN = (update(_communes).where(_communes.c.id == bindparam("commune_id"))
          .values(next_ticket_no=_communes.c.next_ticket_no + 1)
          .returning((_communes.c.next_ticket_no - 1).label("number"), _communes.c.ticket_prefix.label("prefix"))
          .cte("taken"))
_NUMBER = cast(_TAKEN.c.number, String)
_CODE = select(_TAKEN.c.prefix + "-" + func.lpad(_NUMBER, func.greatest(4, func.length(_NUMBER)), "0"))  # TT-0042
_NEW_QUESTION = insert(_questions).values(
    commune_id=bindparam("commune_id"), asker_id=bindparam("asker_id"), village_id=bindparam("village_id"),
    session_id=bindparam("session_id"), topic=bindparam("topic"), text=bindparam("text"),
    code=_CODE.scalar_subquery(), state="new", ack_due_on=bindparam("ack_due_on")
).returning(*_questions.c).cte("new_question")
_CREATED = insert(_events).from_select(
    ["question_id", "actor_id", "action", "to_state"],
    select(_NEW_QUESTION.c.id, bindparam("actor_id", type_=Integer), literal("create"), literal("new"))).cte("created")
# The ticket number, the question and its "create" event in one round trip (Core, no ORM flush); the row comes back
# as an ORM row, since handlers change it.
_CREATE_QUESTION = (select(aliased(Question, _NEW_QUESTION)).add_cte(_TAKEN).add_cte(_CREATED)
                    .execution_options(populate_existing=True))


class QuestionStore:
    session: AsyncSession

    async def create_question(self, *, commune_id: int, asker_id: int, village_id: int | None,
                              session_id: int | None, topic: str, text: str, actor_id: int,
                              ack_due_on: date | None = None) -> Question:
        """Create a question with the commune's next ticket code; its acknowledgement deadline when known already
        goes in with the row (no UPDATE after)."""
        params = {"commune_id": commune_id, "asker_id": asker_id, "village_id": village_id, "session_id": session_id,
                  "topic": topic, "text": text, "ack_due_on": ack_due_on, "actor_id": actor_id}
        return (await self.session.execute(_CREATE_QUESTION, params)).scalar_one()

    async def add_attachment(self, question_id: int, channel: str, kind: str, file_id: str,
                             file_name: str = "", mime_type: str = "") -> None:
        self.session.add(QuestionAttachment(question_id=question_id, channel=channel, kind=kind, file_id=file_id,
                                            file_name=file_name, mime_type=mime_type))

    async def attachments(self, question_id: int) -> list[QuestionAttachment]:
        stmt = select(QuestionAttachment).where(QuestionAttachment.question_id == question_id)
        return list((await self.session.scalars(stmt.order_by(QuestionAttachment.id))).all())

    async def get_question(self, question_id: int, *, lock: bool = False) -> Question | None:
        stmt = select(Question).where(Question.id == question_id)
        return await self.session.scalar(stmt.with_for_update() if lock else stmt)

    async def question_by_code(self, commune_id: int, code: str, *, lock: bool = False) -> Question | None:
        stmt = select(Question).where(Question.commune_id == commune_id, Question.code == code)
        return await self.session.scalar(stmt.with_for_update() if lock else stmt)

    async def questions_of(self, person_id: int, limit: int, offset: int = 0) -> tuple[list[Question], int]:
        """A page of the person's questions, newest first, and how many they have (one round trip)."""
        where = Question.asker_id == person_id
        stmt = (select(Question, func.count().over()).where(where).order_by(Question.id.desc())
                .limit(limit).offset(offset))
        rows = (await self.session.execute(stmt)).all()
        if rows or (limit and not offset):  # no row: none at all, or a page past the end (or a count only)
            return [question for question, _ in rows], int(rows[0][1]) if rows else 0
        return [], int(await self.session.scalar(select(func.count()).select_from(Question).where(where)) or 0)

    async def queue(self, commune_id: int, flt: QueueFilter, limit: int, offset: int) -> tuple[list[Question], int]:
        conditions: list[Any] = [Question.commune_id == commune_id, Question.state.in_(flt.states),
                                 Question.kind.in_(flt.kinds)]
        if flt.topic:
            conditions.append(Question.topic == flt.topic)
        if flt.village_id:
            conditions.append(Question.village_id == flt.village_id)
        if flt.department_code:
            conditions.append(Question.department_code == flt.department_code)
        total = await self.session.scalar(select(func.count()).select_from(Question).where(*conditions))
        # The matching ids first (an index-only scan of ix_question_queue), ranked, then the page's rows by id.
        # Asked for "ORDER BY id LIMIT 8" directly, the planner walks the primary key expecting open questions
        # spread evenly through it, but they are the newest ones.
        matching = select(Question.id).where(*conditions).cte("matching").prefix_with("MATERIALIZED")
        order = [matching.c.id]
        if flt.by_support:  # most "me too" first
            support = (select(func.count()).select_from(QuestionSupporter)
                       .where(QuestionSupporter.question_id == matching.c.id).scalar_subquery())
            order = [support.desc(), matching.c.id]
        page = (select(matching.c.id, func.row_number().over(order_by=order).label("rank"))
                .order_by(*order).limit(limit).offset(offset).subquery())
        stmt = select(Question).join(page, page.c.id == Question.id).order_by(page.c.rank)
        return list((await self.session.scalars(stmt)).all()), int(total or 0)

    async def record_transition(self, question: Question, *, action: str, to_state: str, actor_id: int | None,
                                note: str = "", now: datetime | None = None, **fields: Any) -> None:
        """Change state and fields, and append the audit event, in the caller's transaction."""
        self.session.add(QuestionEvent(question_id=question.id, actor_id=actor_id, action=action,
                                       from_state=question.state, to_state=to_state, note=note))
        question.state = to_state
        for name, value in fields.items():
            setattr(question, name, value)
        question.updated_at = now or func.now()

    async def events(self, question_id: int) -> list[QuestionEvent]:
        stmt = select(QuestionEvent).where(QuestionEvent.question_id == question_id).order_by(QuestionEvent.id)
        return list((await self.session.scalars(stmt)).all())
