"""Storage for channels without buttons and for Zalo OAs: offered choices, OAuth tokens, held messages."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelAccount, Delivery, OfferedChoice, Person, ZaloOAToken


class ZaloStore:
    session: AsyncSession

    # --- numbered choices -----------------------------------------------------------------
    async def offered_choices(self, bot_id: int, chat_id: str) -> list[dict[str, Any]]:
        row = await self.session.get(OfferedChoice, (bot_id, chat_id))
        return list((row.choices or {}).get("items", [])) if row else []

    async def offer_choices(self, bot_id: int, chat_id: str, items: list[dict[str, Any]]) -> None:
        """Remember what the numbers mean in this chat now; the newest list replaces the older one."""
        choices = {"items": items}
        stmt = (insert(OfferedChoice).values(bot_id=bot_id, chat_id=chat_id, choices=choices)
                .on_conflict_do_update(index_elements=["bot_id", "chat_id"],
                                       set_={"choices": choices, "offered_at": func.now()}))
        await self.session.execute(stmt)

    # --- OA OAuth tokens ------------------------------------------------------------------
    async def lock_oa_token(self, bot_id: int, initial_refresh_token: str) -> ZaloOAToken:
        """The OA's token row, created from the configured refresh token once, locked until commit. Values are
        stored as given: the caller seals them (storage/secrets.py)."""
        await self.session.execute(insert(ZaloOAToken).values(bot_id=bot_id, refresh_token=initial_refresh_token)
                                   .on_conflict_do_nothing())
        stmt = select(ZaloOAToken).where(ZaloOAToken.bot_id == bot_id).with_for_update()
        return (await self.session.execute(stmt)).scalar_one()

    async def oa_token(self, bot_id: int) -> ZaloOAToken | None:
        return await self.session.get(ZaloOAToken, bot_id, populate_existing=True)

    # --- messages held for the 7-day window -----------------------------------------------
    async def mark_held(self, delivery_id: int, error: str) -> None:
        """Wait, unleased, until the recipient writes again (release_held makes it due)."""
        await self.session.execute(update(Delivery).where(Delivery.id == delivery_id)
                                   .values(status="held", lease_until=None, last_error=error[:500],
                                           attempts=Delivery.attempts + 1))

    async def release_held(self, bot_id: int, chat_id: str, now: datetime) -> int:
        """Held messages for this chat become due now; how many there were."""
        stmt = (update(Delivery).where(Delivery.bot_id == bot_id, Delivery.chat_id == chat_id,
                                       Delivery.status == "held")
                .values(status="pending", not_before=now).returning(Delivery.id))
        return len((await self.session.execute(stmt)).all())

    async def phone_of_chat(self, bot_id: int, chat_id: str) -> str | None:
        stmt = (select(Person.phone).join(ChannelAccount, ChannelAccount.person_id == Person.id)
                .where(ChannelAccount.bot_id == bot_id, ChannelAccount.chat_id == chat_id))
        return await self.session.scalar(stmt)

    async def chat_language(self, bot_id: int, chat_id: str) -> str:
        stmt = select(ChannelAccount.language).where(ChannelAccount.bot_id == bot_id,
                                                     ChannelAccount.chat_id == chat_id)
        return await self.session.scalar(stmt.limit(1)) or "vi"
