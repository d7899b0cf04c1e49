"""Storage for joining a second messenger account to a person: one-time codes, the owner's confirmation, and
the attempts counted to stop guessing."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelAccount, Question
from storage.models import LinkAttempt, LinkCode, LinkRequest


class LinkStore:
    session: AsyncSession

    async def add_link_code(self, person_id: int, code: str, expires_at: datetime,
                            account_id: int | None = None) -> None:
        """A new code for this person, asked for on this account; earlier unused codes stop working."""
        await self.session.execute(delete(LinkCode).where(LinkCode.person_id == person_id,
                                                          LinkCode.used_at.is_(None)))
        self.session.add(LinkCode(code=code, person_id=person_id, expires_at=expires_at, account_id=account_id))
        await self.session.flush()

    async def link_code(self, code: str) -> LinkCode | None:
        """The code row, locked so it can be used only once."""
        return await self.session.scalar(select(LinkCode).where(LinkCode.code == code).with_for_update())

    async def link_account(self, account: ChannelAccount, person_id: int, now: datetime) -> None:
        """Point the account at the person; its earlier person's questions and accounts move along. Staff
        memberships never move: a staffer's roles stay with the person and accounts that were invited."""
        old = account.person_id
        if old is not None and old != person_id:
            await self.session.execute(update(Question).where(Question.asker_id == old)
                                       .values(asker_id=person_id))
            await self.session.execute(update(ChannelAccount).where(ChannelAccount.person_id == old)
                                       .values(person_id=person_id))
        account.person_id = person_id
        await self.session.flush()

    async def get_account(self, account_id: int | None) -> ChannelAccount | None:
        return await self.session.get(ChannelAccount, account_id) if account_id else None

    # --- confirmation by the code's own account ----------------------------------------------
    async def add_link_request(self, **fields: Any) -> LinkRequest:
        row = LinkRequest(**fields)
        self.session.add(row)
        await self.session.flush()
        return row

    async def get_link_request(self, request_id: int) -> LinkRequest | None:
        """The request, locked so it is decided once."""
        return await self.session.scalar(select(LinkRequest).where(LinkRequest.id == request_id).with_for_update())

    # --- attempts ------------------------------------------------------------------------------
    async def add_link_attempt(self, bot_id: int, user_id: str, ok: bool, at: datetime) -> None:
        self.session.add(LinkAttempt(bot_id=bot_id, user_id=user_id, ok=ok, at=at))
        await self.session.flush()

    async def link_failures(self, bot_id: int, since: datetime, limit: int, user_id: str | None = None
                            ) -> list[datetime]:
        """Times of wrong codes on a bot (of one user, when given) since a moment, newest first."""
        stmt = select(LinkAttempt.at).where(LinkAttempt.bot_id == bot_id, LinkAttempt.at > since,
                                            LinkAttempt.ok.is_(False))
        if user_id is not None:
            stmt = stmt.where(LinkAttempt.user_id == user_id)
        return list((await self.session.scalars(stmt.order_by(LinkAttempt.at.desc()).limit(limit))).all())
