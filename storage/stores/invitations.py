"""Storage for invitations and attendance: a session's invitation list, its tokens and check-ins."""
from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invitation, InvitationList


class InvitationStore:
    session: AsyncSession

    async def invitations(self, session_id: int, statuses: Sequence[str] = ("listed",)) -> list[Invitation]:
        """The session's invitation rows in these statuses, in the order they were added."""
        stmt = (select(Invitation).where(Invitation.session_id == session_id, Invitation.status.in_(list(statuses)))
                .order_by(Invitation.id))
        return list((await self.session.scalars(stmt)).all())

    async def add_invitation(self, **fields: Any) -> Invitation | None:
        """A new row; None when the person is already on the session's list."""
        stmt = insert(Invitation).values(**fields).on_conflict_do_nothing().returning(Invitation.id)
        new_id = (await self.session.execute(stmt)).scalar()
        return await self.session.get(Invitation, new_id) if new_id is not None else None

    async def get_invitation(self, invitation_id: int, *, lock: bool = False) -> Invitation | None:
        stmt = select(Invitation).where(Invitation.id == invitation_id)
        if lock:  # re-read: the row may have been loaded, unlocked, earlier in this unit of work
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(stmt)

    async def invitation_by_token(self, token_hash: str) -> Invitation | None:
        """The row whose attendance token hashes to this, locked (a check-in happens once)."""
        stmt = select(Invitation).where(Invitation.token_hash == token_hash).with_for_update()
        return await self.session.scalar(stmt)

    async def remove_invitation(self, invitation_id: int) -> None:
        await self.session.execute(delete(Invitation).where(Invitation.id == invitation_id))

    async def invitation_list(self, session_id: int, commune_id: int) -> InvitationList:
        """The session's list record, created on first use, locked."""
        await self.session.execute(insert(InvitationList).values(session_id=session_id, commune_id=commune_id)
                                   .on_conflict_do_nothing())
        stmt = select(InvitationList).where(InvitationList.session_id == session_id).with_for_update()
        return await self.session.scalar(stmt)

    async def walk_ins(self, session_id: int) -> int:
        """Walk-ins staff counted at the session (not those who scanned the venue code: they are rows)."""
        stmt = select(InvitationList.walk_ins).where(InvitationList.session_id == session_id)
        return (await self.session.scalar(stmt)) or 0

    async def list_by_venue_token(self, token_hash: str) -> InvitationList | None:
        stmt = select(InvitationList).where(InvitationList.venue_token_hash == token_hash)
        return await self.session.scalar(stmt)
