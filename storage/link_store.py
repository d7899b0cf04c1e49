"""Storage for one-time codes that join a second messenger account to a person."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelAccount, Question, StaffMember
from storage.trust_models import LinkCode


class LinkStore:
    session: AsyncSession

    async def add_link_code(self, person_id: int, code: str, expires_at: datetime) -> None:
        """A new code for this person; earlier unused codes stop working."""
        await self.session.execute(delete(LinkCode).where(LinkCode.person_id == person_id,
                                                          LinkCode.used_at.is_(None)))
        self.session.add(LinkCode(code=code, person_id=person_id, expires_at=expires_at))
        await self.session.flush()

    async def link_code(self, code: str) -> LinkCode | None:
        """The code row, locked so it can be used only once."""
        return await self.session.scalar(select(LinkCode).where(LinkCode.code == code).with_for_update())

    async def link_account(self, account: ChannelAccount, link: LinkCode, now: datetime) -> None:
        """Point the account at the code's person; its earlier person's questions and roles move along."""
        old = account.person_id
        if old is not None and old != link.person_id:
            await self.session.execute(update(Question).where(Question.asker_id == old)
                                       .values(asker_id=link.person_id))
            await self.session.execute(update(ChannelAccount).where(ChannelAccount.person_id == old)
                                       .values(person_id=link.person_id))
            kept = select(StaffMember.commune_id, StaffMember.role).where(StaffMember.person_id == link.person_id)
            await self.session.execute(update(StaffMember).where(
                StaffMember.person_id == old,
                StaffMember.commune_id.not_in(select(kept.subquery().c.commune_id)))
                .values(person_id=link.person_id))
        account.person_id = link.person_id
        link.used_at = now
        await self.session.flush()
