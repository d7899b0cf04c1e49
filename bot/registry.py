"""The bot registry: many bots in one deployment, each serving its communes (`doithoai bot …`, read by the runtime).

Tokens are sealed with SecretBox (DOITHOAI_SECRET_KEY) before they reach the database and never printed or logged;
every change is audited in `bot_audit`. The environment's tokens stay the one-bot shortcut and are not listed here.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from bot.admin import AdminError
from storage.db import Database
from storage.secrets import SecretBox

CHANNELS = ("telegram", "zalo_bot")
# Both platforms' tokens are "<bot id>:<secret>"; the id stays when a token is re-issued.
TOKEN = re.compile(r"(\d{1,20}):([A-Za-z0-9_-]{4,200})")


@dataclass(frozen=True)
class RegisteredBot:
    """What a process needs to serve one registered bot. `generation` changes with every add/rotate/remove."""

    row_id: int
    channel: str
    external_id: str
    token: str
    generation: int

    def __repr__(self) -> str:  # never the token, wherever it is logged
        return f"RegisteredBot(row_id={self.row_id}, channel={self.channel}, external_id={self.external_id})"


def bot_webhook_secret(webhook_secret: str, bot_external_id: str) -> str:
    """A registered bot's own webhook secret, HMAC-derived from WEBHOOK_SECRET (ZALO_WEBHOOK_SECRET for Zalo): one
    leaked header opens one bot only. 64 hex characters, which Telegram and Zalo accept."""
    return hmac.new(webhook_secret.encode(), f"bot:{bot_external_id}".encode(), hashlib.sha256).hexdigest()


def bot_id_of(token: str) -> str:
    match = TOKEN.fullmatch(token.strip())
    if match is None:
        raise AdminError("That does not look like a bot token (\"<bot id>:<secret>\", as @BotFather or the Zalo Bot "
                         "Platform gives it). Nothing was changed.")
    return match.group(1)


def _box(keys: str) -> SecretBox:
    from storage.secrets import SecretKeyError

    try:
        return SecretBox(keys)
    except SecretKeyError as error:
        raise AdminError(f"Bot tokens are stored encrypted. {error}") from None


async def add_bot(database: Database, keys: str, channel: str, token: str, commune_codes: list[str],
                  actor: str) -> str:
    if channel not in CHANNELS:
        raise AdminError(f"--channel must be one of: {', '.join(CHANNELS)}.")
    external_id, box = bot_id_of(token), _box(keys)
    codes = list(dict.fromkeys(code.strip() for code in commune_codes))
    if not codes:
        raise AdminError("Name the commune(s) this bot serves with --commune CODE (repeat for each).")
    async with database.unit_of_work() as uow:
        communes = [await uow.repo.commune_by_code(code) for code in codes]
        unknown = [code for code, commune in zip(codes, communes) if commune is None]
        if unknown:
            raise AdminError(f"No commune with code {', '.join(unknown)}; add it first with 'doithoai commune add'. "
                             "Nothing was changed.")
        bot = await uow.repo.register_bot(channel, external_id, box.seal(token.strip()), [c.id for c in communes],
                                          actor, "communes " + " ".join(codes))
        await uow.commit()
    return (f"Bot {bot.id} ({channel} {external_id}) registered for {', '.join(codes)}; its token is stored "
            "encrypted. Running bot processes pick it up within a minute, no restart needed.")


async def list_bots(database: Database) -> str:
    async with database.unit_of_work() as uow:
        bots = await uow.repo.registered_bots()
        served = await uow.repo.bot_communes([bot.id for bot in bots])
    if not bots:
        return "No registered bots (the environment's TELEGRAM_BOT_TOKEN / ZALO_BOT_TOKEN, if set, still runs)."
    lines = ["id  channel   bot id        username              communes"]
    for bot in bots:
        communes = " ".join(served.get(bot.id, [])) or "(all)"
        lines.append(f"{bot.id:<3} {bot.channel:<9} {bot.external_id:<13} {('@' + bot.username) if bot.username else '-':<21} "
                     f"{communes}")
    return "\n".join(lines)


async def remove_bot(database: Database, bot_id: int, actor: str) -> str:
    async with database.unit_of_work() as uow:
        bot = await uow.repo.registered_bot(bot_id)
        if bot is None:
            raise AdminError(f"No registered bot {bot_id} (see 'doithoai bot list'). Nothing was changed.")
        await uow.repo.unregister_bot(bot.id, datetime.now(timezone.utc), actor)
        await uow.commit()
    return (f"Bot {bot_id} removed: its token is deleted and running processes stop serving it within a minute. "
            "Its residents' questions and history stay.")


async def rotate_token(database: Database, keys: str, bot_id: int, token: str, actor: str) -> str:
    box, external_id = _box(keys), bot_id_of(token)
    async with database.unit_of_work() as uow:
        bot = await uow.repo.registered_bot(bot_id)
        if bot is None:
            raise AdminError(f"No registered bot {bot_id} (see 'doithoai bot list'). Nothing was changed.")
        if bot.external_id != external_id:
            raise AdminError(f"That token belongs to bot {external_id}, not to bot {bot.external_id}: a new token "
                             "keeps the bot's id. Nothing was changed.")
        await uow.repo.rekey_bot(bot.id, box.seal(token.strip()), actor)
        await uow.commit()
    return f"Bot {bot_id}: new token stored encrypted; running processes switch to it within a minute."


async def load_registered(database: Database, keys: str, reseal: bool = False) -> list[RegisteredBot]:
    """Every registered bot with its token opened. SecretKeyError when there are some and the key cannot open them.
    With `reseal`, tokens are sealed again under the first key (DOITHOAI_SECRET_KEY="NEW,OLD" rotation)."""
    async with database.unit_of_work() as uow:
        bots = await uow.repo.registered_bots()
        if not bots:
            return []
        box = SecretBox(keys)
        found = [RegisteredBot(bot.id, bot.channel, bot.external_id, box.open(bot.token), bot.token_generation)
                 for bot in bots]
        if reseal:
            for bot in bots:
                await uow.repo.reseal_bot_token(bot.id, box.reseal(bot.token))
            await uow.commit()
    return found
