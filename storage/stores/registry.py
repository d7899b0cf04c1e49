"""Storage for the bot registry: registered bots with their sealed tokens, the communes each serves, the audit."""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Bot, BotAudit, BotCommune, Commune


class RegistryStore:
    session: AsyncSession

    async def register_bot(self, channel: str, external_id: str, sealed_token: str, commune_ids: Sequence[int],
                           actor: str, detail: str) -> Bot:
        """Add a bot (or take back one removed or known only from the environment) with its sealed token and the
        communes it serves; audited. Bumps the generation so running processes restart it with the new token."""
        stmt = (insert(Bot).values(channel=channel, external_id=external_id, token=sealed_token, token_generation=1)
                .on_conflict_do_update(index_elements=["channel", "external_id"],
                                       set_={"token": sealed_token, "removed_at": None,
                                             "token_generation": Bot.token_generation + 1})
                .returning(Bot))
        bot = (await self.session.execute(stmt)).scalar_one()
        await self.session.execute(delete(BotCommune).where(BotCommune.bot_id == bot.id))
        if commune_ids:
            await self.session.execute(insert(BotCommune), [{"bot_id": bot.id, "commune_id": c}
                                                            for c in dict.fromkeys(commune_ids)])
        self.session.add(BotAudit(bot_id=bot.id, actor=actor, action="add", detail=detail))
        return bot

    async def registered_bots(self) -> list[Bot]:
        """Every bot with a stored token that is not removed, oldest first."""
        stmt = select(Bot).where(Bot.token != "", Bot.removed_at.is_(None)).order_by(Bot.id)
        return list((await self.session.scalars(stmt)).all())

    async def bot_communes(self, bot_ids: Sequence[int]) -> dict[int, list[str]]:
        """bot id → the codes of the communes it serves (no entry: every commune)."""
        stmt = (select(BotCommune.bot_id, Commune.code).join(Commune, Commune.id == BotCommune.commune_id)
                .where(BotCommune.bot_id.in_(list(bot_ids))).order_by(Commune.code))
        found: dict[int, list[str]] = {}
        for bot_id, code in (await self.session.execute(stmt)).all():
            found.setdefault(bot_id, []).append(code)
        return found

    async def registered_bot(self, bot_id: int) -> Bot | None:
        bot = await self.session.get(Bot, bot_id, with_for_update=True)
        return bot if bot is not None and bot.token and bot.removed_at is None else None

    async def unregister_bot(self, bot_id: int, now: datetime, actor: str) -> None:
        """The token is dropped at once; accounts, messages and history stay (the bot may come back)."""
        await self.session.execute(update(Bot).where(Bot.id == bot_id).values(
            token="", removed_at=now, token_generation=Bot.token_generation + 1))
        self.session.add(BotAudit(bot_id=bot_id, actor=actor, action="remove"))

    async def rekey_bot(self, bot_id: int, sealed_token: str, actor: str) -> None:
        await self.session.execute(update(Bot).where(Bot.id == bot_id).values(
            token=sealed_token, token_generation=Bot.token_generation + 1))
        self.session.add(BotAudit(bot_id=bot_id, actor=actor, action="rotate"))

    async def reseal_bot_token(self, bot_id: int, sealed_token: str) -> None:
        """The same token under the newest key (DOITHOAI_SECRET_KEY rotation); not a change running bots see."""
        await self.session.execute(update(Bot).where(Bot.id == bot_id).values(token=sealed_token))

    async def bot_audit(self, bot_id: int) -> list[BotAudit]:
        stmt = select(BotAudit).where(BotAudit.bot_id == bot_id).order_by(BotAudit.id)
        return list((await self.session.scalars(stmt)).all())

    async def commune_bot_usernames(self, commune_code: str) -> dict[str, str]:
        """channel → the username of a registered bot serving this commune ("" if it has not started yet)."""
        stmt = (select(Bot.channel, Bot.username).join(BotCommune, BotCommune.bot_id == Bot.id)
                .join(Commune, Commune.id == BotCommune.commune_id)
                .where(Commune.code == commune_code, Bot.token != "", Bot.removed_at.is_(None)).order_by(Bot.id))
        found: dict[str, str] = {}
        for channel, username in (await self.session.execute(stmt)).all():
            found.setdefault(channel, username)
        return found
