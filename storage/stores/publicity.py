"""Storage for publicity beyond chat: a commune's published conclusions and its chairperson's name."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DialogueSession, Person, SessionConclusion, StaffMember


class PublicityStore:
    session: AsyncSession

    async def published_sessions(self, commune_id: int) -> list[tuple[Any, Any]]:
        """(session, conclusion) of every session of the commune whose conclusion is published, newest first."""
        stmt = (select(DialogueSession, SessionConclusion)
                .join(SessionConclusion, SessionConclusion.session_id == DialogueSession.id)
                .where(DialogueSession.commune_id == commune_id, SessionConclusion.published_at.is_not(None))
                .order_by(SessionConclusion.published_at.desc(), DialogueSession.id.desc()))
        return [(s, c) for s, c in (await self.session.execute(stmt)).all()]

    async def chair_name(self, commune_id: int) -> str:
        """The full name of the commune's chairperson (the first, should there be two), or ""."""
        stmt = (select(Person.full_name).join(StaffMember, StaffMember.person_id == Person.id)
                .where(StaffMember.commune_id == commune_id, StaffMember.role == "chair")
                .order_by(StaffMember.id).limit(1))
        return await self.session.scalar(stmt) or ""
