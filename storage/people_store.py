"""Storage for who may act: staff memberships and invites with their audit trail, link attempts and
confirmations, and the housekeeping that prunes what is only needed for a while."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import delete, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelAccount, ConversationState, OfferedChoice, Person, ProcessedUpdate, StaffInvite, \
    StaffMember
from storage.trust_models import LinkAttempt, LinkCode, LinkRequest, StaffAudit


class PeopleStore:
    session: AsyncSession

    # --- staff and invites ---------------------------------------------------------------------
    async def staff_of(self, commune_id: int) -> list[tuple[StaffMember, Person]]:
        """The commune's staff memberships with their people, in the order they joined."""
        stmt = (select(StaffMember, Person).join(Person, Person.id == StaffMember.person_id)
                .where(StaffMember.commune_id == commune_id).order_by(StaffMember.id))
        return [tuple(row) for row in (await self.session.execute(stmt)).all()]

    async def get_staff_member(self, member_id: int) -> StaffMember | None:
        """A membership, locked until commit (two managers removing at once take turns)."""
        stmt = select(StaffMember).where(StaffMember.id == member_id).with_for_update()
        return await self.session.scalar(stmt)

    async def remove_staff_member(self, member: StaffMember) -> None:
        await self.session.execute(delete(StaffMember).where(StaffMember.id == member.id))

    async def add_staff_audit(self, **fields: Any) -> None:
        self.session.add(StaffAudit(**fields))
        await self.session.flush()

    async def invites_of(self, commune_id: int) -> list[StaffInvite]:
        stmt = select(StaffInvite).where(StaffInvite.commune_id == commune_id).order_by(StaffInvite.id)
        return list((await self.session.scalars(stmt)).all())

    async def get_invite(self, invite_id: int) -> StaffInvite | None:
        stmt = select(StaffInvite).where(StaffInvite.id == invite_id).with_for_update()
        return await self.session.scalar(stmt)

    async def reset_states(self, person_id: int, prefixes: Sequence[str] = ()) -> None:
        """The person's chats back to idle with no data: all of them, or those in a state under the prefixes."""
        stmt = update(ConversationState).where(tuple_(ConversationState.bot_id, ConversationState.chat_id)
                                               .in_(self._chats_of(person_id)))
        if prefixes:
            stmt = stmt.where(or_(*(ConversationState.state.startswith(p) for p in prefixes)))
        await self.session.execute(stmt.values(state="idle", data={}))

    @staticmethod
    def _chats_of(person_id: int) -> Any:
        return select(ChannelAccount.bot_id, ChannelAccount.chat_id).where(ChannelAccount.person_id == person_id)
