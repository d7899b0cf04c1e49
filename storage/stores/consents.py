"""Storage for consent per purpose (Law 91/2025): the evidence of each choice, its withdrawal, and everything held
about a person, for /mydata's export."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (ChannelAccount, Consent, LinkCode, LinkRequest, PetitionSignature, Petition, Person,
                            Invitation, ProxyIntake, Question, QuestionAttachment, QuestionSupporter, SpeakerSlot,
                            StaffAudit, StaffMember)
from storage.models import VoiceQuestion

# Rows about the person, by the column that names them as their subject. Columns that name them as the actor of a
# staff task (who drafted, who entered a proxy question) are left out: those rows are about other people.
_ABOUT = ((ChannelAccount, ChannelAccount.person_id), (Consent, Consent.person_id),
          (StaffMember, StaffMember.person_id), (StaffAudit, StaffAudit.target_person_id),
          (Question, Question.asker_id), (QuestionSupporter, QuestionSupporter.person_id),
          (ProxyIntake, ProxyIntake.claimed_by), (Petition, Petition.starter_id),
          (PetitionSignature, PetitionSignature.person_id), (SpeakerSlot, SpeakerSlot.person_id),
          (LinkCode, LinkCode.person_id), (LinkRequest, LinkRequest.person_id),
          (Invitation, Invitation.person_id))


class ConsentStore:
    session: AsyncSession

    async def record_consent(self, person_id: int, purpose: str, version: str, evidence: str, language: str,
                             channel: str, *, supersede: bool = True) -> None:
        """A new affirmative choice for one purpose; one still in force is superseded (kept, marked withdrawn now),
        so each purpose has at most one consent in force — unless it is asked at each use (each signature)."""
        if supersede:
            await self.withdraw_consent(person_id, purpose, None)
        self.session.add(Consent(person_id=person_id, purpose=purpose, text_version=version, evidence=evidence[:200],
                                 language=language, channel=channel))
        await self.session.flush()

    async def withdraw_consent(self, person_id: int, purpose: str, now: datetime | None) -> bool:
        """Withdraw one purpose, the others untouched (now=None: the database's clock); whether one was in force."""
        stmt = (update(Consent).where(Consent.person_id == person_id, Consent.purpose == purpose,
                                      Consent.withdrawn_at.is_(None))
                .values(withdrawn_at=now if now is not None else func.now()).returning(Consent.id))
        return bool((await self.session.execute(stmt)).all())

    async def unlink_accounts(self, person_id: int, channel: str) -> None:
        """The person's chats on this messenger no longer lead to them (the transfer abroad withdrawn)."""
        await self.session.execute(update(ChannelAccount).where(ChannelAccount.person_id == person_id,
                                                                 ChannelAccount.channel == channel)
                                   .values(person_id=None))

    async def consents_in_force(self, person_id: int) -> list[Consent]:
        stmt = (select(Consent).where(Consent.person_id == person_id, Consent.withdrawn_at.is_(None))
                .order_by(Consent.id))
        return list((await self.session.scalars(stmt)).all())

    async def personal_data(self, person_id: int) -> dict[str, list[dict[str, Any]]]:
        """Everything held about the person, table by table, as plain values (the export)."""
        data: dict[str, list[dict[str, Any]]] = {"person": [_plain(await self.session.get(Person, person_id))]}
        for model, column in _ABOUT:
            rows = (await self.session.scalars(select(model).where(column == person_id))).all()
            data[model.__tablename__] = [_plain(row) for row in rows]
        question_ids: Sequence[int] = [row["id"] for row in data["question"]]
        stmt = select(QuestionAttachment).where(QuestionAttachment.question_id.in_(question_ids))
        data["question_attachment"] = [_plain(row) for row in (await self.session.scalars(stmt)).all()]
        stmt = select(VoiceQuestion).where(VoiceQuestion.question_id.in_(question_ids))
        data["voice_question"] = [{**_plain(row), "audio": len(row.audio or b"")}  # the bytes' length: a Zalo
                                  for row in (await self.session.scalars(stmt)).all()]  # recording's copy
        return data


def _plain(row: Any) -> dict[str, Any]:
    if row is None:
        return {}
    values = {c.key: getattr(row, c.key) for c in row.__mapper__.column_attrs}
    return {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in values.items()}
