"""Storage for who may act: staff memberships and invites with their audit trail, link attempts and
confirmations, and the housekeeping that prunes what is only needed for a while."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Sequence

from sqlalchemy import delete, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelAccount, ConversationState, OfferedChoice, Person, ProcessedUpdate, StaffInvite, \
    StaffMember
from storage.models import LinkAttempt, LinkCode, LinkRequest, StaffAudit, ThrottledUpdate


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

    # --- erasure and housekeeping --------------------------------------------------------------
    async def erase_drafts(self, person_id: int) -> None:
        """Withdrawal: every chat of the person back to idle with no data, its numbered options and the updates
        the burst limit held back forgotten, its link codes and pending link requests deleted (drafts, proxy
        entries, offered labels and held-back texts may hold personal data)."""
        await self.reset_states(person_id)
        for model in (OfferedChoice, ThrottledUpdate):
            await self.session.execute(delete(model).where(
                tuple_(model.bot_id, model.chat_id).in_(self._chats_of(person_id))))
        await self.session.execute(delete(LinkCode).where(LinkCode.person_id == person_id))
        accounts = select(ChannelAccount.id).where(ChannelAccount.person_id == person_id)
        await self.session.execute(delete(LinkRequest).where(or_(LinkRequest.person_id == person_id,
                                                                 LinkRequest.claimant_account_id.in_(accounts))))

    async def prune(self, now: datetime, keep_updates: timedelta, batch: int = 10_000) -> int:
        """Delete what is only needed for a while: seen update ids older than keep_updates (a batch at a time,
        so a backlog never holds locks for long) and the updates the burst limit held back as long ago; link
        attempts, codes and requests a day after they end."""
        old = (select(ProcessedUpdate.bot_id, ProcessedUpdate.update_id)
               .where(ProcessedUpdate.processed_at < now - keep_updates).limit(batch))
        deleted = (await self.session.execute(delete(ProcessedUpdate).where(
            tuple_(ProcessedUpdate.bot_id, ProcessedUpdate.update_id).in_(old)))).rowcount
        day_ago = now - timedelta(days=1)
        for stmt in (delete(ThrottledUpdate).where(ThrottledUpdate.received_at < now - keep_updates),
                     delete(LinkAttempt).where(LinkAttempt.at < day_ago),
                     delete(LinkRequest).where(LinkRequest.expires_at < day_ago),
                     delete(LinkCode).where(LinkCode.expires_at < day_ago)):
            deleted += (await self.session.execute(stmt)).rowcount
        return deleted
