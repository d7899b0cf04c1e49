"""Storage for the community around a session: "me too" supporters, the speaker queue, petitions."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Petition, PetitionSignature, ProxyIntake, QuestionSupporter, SpeakerSlot
from storage.models import Person, Question, QuestionEvent, StaffMember


class CommunityStore:
    session: AsyncSession

    # --- supporters ("me too") ---------------------------------------------------------------
    async def add_supporter(self, question_id: int, person_id: int) -> bool:
        """True when the person newly supports the question; False when they already did."""
        stmt = (insert(QuestionSupporter).values(question_id=question_id, person_id=person_id)
                .on_conflict_do_nothing().returning(QuestionSupporter.person_id))
        return (await self.session.execute(stmt)).first() is not None

    async def supporters_of(self, question_id: int) -> list[int]:
        stmt = select(QuestionSupporter.person_id).where(QuestionSupporter.question_id == question_id)
        return list((await self.session.scalars(stmt.order_by(QuestionSupporter.created_at))).all())

    async def support_counts(self, question_ids: Sequence[int]) -> dict[int, int]:
        stmt = (select(QuestionSupporter.question_id, func.count()).where(QuestionSupporter.question_id.in_(
            list(question_ids))).group_by(QuestionSupporter.question_id))
        return dict((await self.session.execute(stmt)).all())

    async def supported_questions(self, person_id: int, limit: int) -> list[Question]:
        stmt = (select(Question).join(QuestionSupporter, QuestionSupporter.question_id == Question.id)
                .where(QuestionSupporter.person_id == person_id).order_by(Question.id.desc()).limit(limit))
        return list((await self.session.scalars(stmt)).all())

    async def move_supporters(self, source: Any, target: Any) -> list[int]:
        """Make the source's asker and supporters supporters of the target; returns who was newly added."""
        people = [source.asker_id, *await self.supporters_of(source.id)]
        added = []
        for person_id in dict.fromkeys(people):
            if person_id != target.asker_id and await self.add_supporter(target.id, person_id):
                added.append(person_id)
        return added

    async def merged_askers(self, question_id: int) -> list[int]:
        """Askers of the questions staff joined into this one, directly or through another joined question."""
        askers: list[int] = []
        frontier, seen = [question_id], {question_id}
        while frontier:
            rows = (await self.session.execute(select(Question.id, Question.asker_id)
                                               .where(Question.merged_into_id.in_(frontier)))).all()
            frontier = [qid for qid, _ in rows if qid not in seen]
            seen.update(frontier)
            askers += [asker for _, asker in rows]
        return list(dict.fromkeys(askers))

    # --- speaker queue -----------------------------------------------------------------------
    async def add_speaker(self, session_id: int, person_id: int, question: str) -> SpeakerSlot:
        """The next number in the session's queue; the caller holds the session row lock."""
        number = await self.session.scalar(select(func.coalesce(func.max(SpeakerSlot.number), 0) + 1)
                                           .where(SpeakerSlot.session_id == session_id))
        slot = SpeakerSlot(session_id=session_id, person_id=person_id, question=question, number=number)
        self.session.add(slot)
        await self.session.flush()
        return slot

    async def speaker_of(self, session_id: int, person_id: int) -> SpeakerSlot | None:
        stmt = select(SpeakerSlot).where(SpeakerSlot.session_id == session_id, SpeakerSlot.person_id == person_id)
        return await self.session.scalar(stmt)

    async def speakers(self, session_id: int, statuses: Sequence[str] | None = None) -> list[SpeakerSlot]:
        stmt = select(SpeakerSlot).where(SpeakerSlot.session_id == session_id)
        if statuses is not None:
            stmt = stmt.where(SpeakerSlot.status.in_(statuses))
        return list((await self.session.scalars(stmt.order_by(SpeakerSlot.number))).all())

    async def get_speaker(self, slot_id: int) -> SpeakerSlot | None:
        return await self.session.scalar(select(SpeakerSlot).where(SpeakerSlot.id == slot_id).with_for_update())

    # --- petitions ---------------------------------------------------------------------------
    async def add_petition(self, commune_id: int, starter_id: int, theme: str) -> Petition:
        row = Petition(commune_id=commune_id, starter_id=starter_id, theme=theme)
        self.session.add(row)
        await self.session.flush()
        return row

    async def petitions_of(self, commune_id: int, states: Sequence[str]) -> list[Petition]:
        stmt = select(Petition).where(Petition.commune_id == commune_id, Petition.state.in_(states))
        return list((await self.session.scalars(stmt.order_by(Petition.id))).all())

    async def get_petition(self, petition_id: int, *, lock: bool = False) -> Petition | None:
        stmt = select(Petition).where(Petition.id == petition_id)
        return await self.session.scalar(stmt.with_for_update() if lock else stmt)

    async def sign_petition(self, petition_id: int, person_id: int) -> bool:
        """True when this is a new signature; False when the person had signed already."""
        stmt = (insert(PetitionSignature).values(petition_id=petition_id, person_id=person_id)
                .on_conflict_do_nothing().returning(PetitionSignature.person_id))
        return (await self.session.execute(stmt)).first() is not None

    async def withdraw_signature(self, petition_id: int, person_id: int) -> bool:
        stmt = (delete(PetitionSignature).where(PetitionSignature.petition_id == petition_id,
                                                PetitionSignature.person_id == person_id)
                .returning(PetitionSignature.person_id))
        return (await self.session.execute(stmt)).first() is not None

    async def signers(self, petition_id: int) -> list[int]:
        stmt = select(PetitionSignature.person_id).where(PetitionSignature.petition_id == petition_id)
        return list((await self.session.scalars(stmt)).all())

    async def staff_with_roles(self, commune_id: int, roles: Sequence[str]) -> list[int]:
        stmt = (select(StaffMember.person_id).join(Person, Person.id == StaffMember.person_id)
                .where(StaffMember.commune_id == commune_id, StaffMember.role.in_(list(roles))).distinct())
        return list((await self.session.scalars(stmt)).all())

    # --- proxy intake by village heads -------------------------------------------------------
    async def add_proxy_intake(self, **fields: Any) -> ProxyIntake:
        row = ProxyIntake(**fields)
        self.session.add(row)
        await self.session.flush()
        return row

    async def proxy_by_code(self, code: str) -> ProxyIntake | None:
        stmt = select(ProxyIntake).where(ProxyIntake.claim_code == code).with_for_update()
        return await self.session.scalar(stmt)

    async def proxy_questions(self, village_id: int) -> list[tuple[ProxyIntake, Question]]:
        """The village's proxy questions with their tickets, oldest first."""
        stmt = (select(ProxyIntake, Question).join(Question, Question.id == ProxyIntake.question_id)
                .where(ProxyIntake.village_id == village_id).order_by(Question.id))
        return [tuple(row) for row in (await self.session.execute(stmt)).all()]

    async def reception_questions(self, commune_id: int, kinds: Sequence[str]) -> list[Question]:
        """Open complaints and denunciations of a commune, oldest first."""
        stmt = select(Question).where(Question.commune_id == commune_id, Question.kind.in_(list(kinds)),
                                      Question.state.in_(("new", "assigned")))
        return list((await self.session.scalars(stmt.order_by(Question.id))).all())

    async def reception_due(self, kinds: Sequence[str]) -> list[Question]:
        """Complaints and denunciations nobody has acted on yet, with a deadline and no escalation sent, locked for
        the caller's pass (SKIP LOCKED: a concurrent pass or a staffer has them)."""
        stmt = (select(Question).where(Question.kind.in_(list(kinds)), Question.state == "new",
                                       Question.due_on.is_not(None), Question.escalated_at.is_(None))
                .order_by(Question.id).with_for_update(skip_locked=True))
        return list((await self.session.scalars(stmt)).all())

    # --- online sessions ---------------------------------------------------------------------
    async def session_followers(self, session_id: int) -> list[int]:
        """Everyone who asked, supported a question or registered to speak in a session."""
        askers = select(Question.asker_id).where(Question.session_id == session_id)
        supporters = (select(QuestionSupporter.person_id).join(Question, Question.id == QuestionSupporter.question_id)
                      .where(Question.session_id == session_id))
        speakers = select(SpeakerSlot.person_id).where(SpeakerSlot.session_id == session_id)
        stmt = askers.union(supporters, speakers)
        return sorted(set((await self.session.scalars(stmt)).all()))

    async def session_answers(self, session_id: int, since: datetime) -> list[tuple[Question, QuestionEvent]]:
        """Answers given to a session's questions since a moment (the start of the session), in order."""
        stmt = (select(Question, QuestionEvent).join(QuestionEvent, QuestionEvent.question_id == Question.id)
                .where(Question.session_id == session_id, QuestionEvent.action == "answer",
                       QuestionEvent.at >= since).order_by(QuestionEvent.id))
        return [tuple(row) for row in (await self.session.execute(stmt)).all()]
