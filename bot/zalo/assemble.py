"""Builds the Zalo channels from settings: bot rows, clients, conversations, senders and outbox workers."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from functools import partial
from datetime import datetime
from typing import Any, Callable

from bot.config import Settings, secret_value
from bot.direct import DirectPolicy, DirectReplies
from bot.outbox import OutboxWorker
from bot.zalo.bot_api import ZaloBotClient
from bot.zalo.bot_channel import ZaloBotChannel, ZaloBotSender
from bot.zalo.conversation import TextConversation
from bot.zalo.oa_api import ZaloOAClient
from bot.zalo.oa_channel import ZaloOAChannel, ZaloOASender
from bot.zalo.oa_tokens import TokenKeeper
from bot.zalo.parse import BOT_CHANNEL, OA_CHANNEL
from bot.zalo.webhooks import ZaloRoutes, bot_webhook_path, oa_webhook_path
from handlers.conversation.context import BotInfo, Deps
from storage.db import Database

log = logging.getLogger(__name__)


class ChatRecords:
    """What the senders read and write about a chat, each in its own short unit of work."""

    def __init__(self, database: Database, bot_row_id: int) -> None:
        self.database, self.bot_row_id = database, bot_row_id

    async def remember(self, chat_id: str, choices: list[dict[str, Any]]) -> None:
        async with self.database.unit_of_work() as uow:
            await uow.repo.offer_choices(self.bot_row_id, chat_id, choices)
            await uow.commit()

    async def language_of(self, chat_id: str) -> str:
        async with self.database.unit_of_work() as uow:
            return await uow.repo.chat_language(self.bot_row_id, chat_id)

    async def phone_of(self, chat_id: str) -> str | None:
        async with self.database.unit_of_work() as uow:
            return await uow.repo.phone_of_chat(self.bot_row_id, chat_id)


@dataclass
class ZaloParts:
    worker: OutboxWorker
    close: Callable[[], Any]
    poller: Callable[[asyncio.Event], Any] | None = None


def direct_replies(settings: Settings, database: Database, info: BotInfo, worker: OutboxWorker,
                   clock: Callable[[], datetime]) -> DirectReplies:
    policy = DirectPolicy(max_wait=settings.direct_reply_max_wait_seconds)
    return DirectReplies(database, info.row_id, info.channel, worker.wake, policy, clock)


async def _bot_row(database: Database, deps: Deps, channel: str, external_id: str, name: str,
                   row_id: int | None = None) -> BotInfo:
    """The bot's row: a registered bot keeps its registry row (`row_id`), whatever id getMe reports."""
    if row_id is None:
        async with database.unit_of_work() as uow:
            row_id = (await uow.repo.ensure_bot(channel, external_id, name[:64])).id
            await uow.commit()
    info = BotInfo(row_id, name, channel)
    deps.bots[(channel, external_id)] = info
    return info


async def start_zalo_bot(settings: Settings, database: Database, deps: Deps, routes: ZaloRoutes,
                         clock: Callable[[], datetime], token: str = "", secret: str = "",
                         row_id: int | None = None) -> ZaloParts:
    """The Bot Platform channel: webhook mode when WEBHOOK_BASE_URL is set (with ZALO_WEBHOOK_SECRET), else polling.
    `token`, `secret` and `row_id`: a registered bot's (bot/registry.py) instead of ZALO_BOT_TOKEN, ZALO_WEBHOOK_SECRET
    and the row found by getMe's id."""
    client = ZaloBotClient(token or settings.zalo_bot_token.get_secret_value(), settings.zalo_api_base_url)
    me = await client.get_me()
    info = await _bot_row(database, deps, BOT_CHANNEL, me.id, me.name, row_id)
    records = ChatRecords(database, info.row_id)
    worker = OutboxWorker(database, info.row_id, ZaloBotSender(client, records.remember, records.language_of),
                          clock, poll_seconds=settings.outbox_poll_seconds, lease_seconds=settings.outbox_lease_seconds)
    channel = ZaloBotChannel(client, TextConversation(database, deps, info, on_handled=worker.wake), me.id,
                             direct_replies(settings, database, info, worker, clock))
    deps.activities[(BOT_CHANNEL, me.id)] = channel.show_activity
    if settings.webhook_mode:  # Settings.check made sure the secret is there
        secret = secret or secret_value(settings.zalo_webhook_secret)
        routes.add_bot(me.id, channel, secret)
        await client.set_webhook(settings.webhook_base_url.rstrip("/") + bot_webhook_path(me.id), secret)
        log.info("zalo bot webhook mode: path %s", bot_webhook_path(me.id))
        return ZaloParts(worker, partial(_forget_bot, routes, deps, me.id, client))
    await client.delete_webhook()
    log.info("zalo bot polling mode: bot %s", me.id)
    return ZaloParts(worker, partial(_forget_bot, routes, deps, me.id, client), poller=channel.poll)


async def _forget_bot(routes: ZaloRoutes, deps: Deps, bot_id: str, client: ZaloBotClient) -> None:
    """A stopped bot (removed from the registry, or the process ends): no route, no dispatch entry, no client."""
    routes.bots.pop(bot_id, None)
    deps.bots.pop((BOT_CHANNEL, bot_id), None)
    deps.activities.pop((BOT_CHANNEL, bot_id), None)
    await client.close()


async def start_zalo_oa(settings: Settings, database: Database, deps: Deps, routes: ZaloRoutes,
                        clock: Callable[[], datetime]) -> ZaloParts:
    """The OA channel: events arrive at WEBHOOK_BASE_URL/zalo/oa/<app id> (set in the Zalo developer console)."""
    app_id = settings.zalo_oa_app_id
    client = ZaloOAClient(app_id, secret_value(settings.zalo_app_secret_key), oauth_url=settings.zalo_oa_oauth_url,
                          api_url=settings.zalo_oa_api_url, zns_url=settings.zalo_zns_api_url)
    info = await _bot_row(database, deps, OA_CHANNEL, app_id, f"zalo-oa-{app_id}")
    tokens = TokenKeeper(database, info.row_id, client, secret_value(settings.zalo_oa_refresh_token), clock,
                         settings.secret_box())
    try:
        await tokens.seal_stored()  # plain rows of an older version encrypted; a wrong key stops the start here
    except Exception:
        await client.close()
        raise
    records = ChatRecords(database, info.row_id)
    sender = ZaloOASender(client, tokens, dict(settings.zalo_zns_templates), records.remember,
                          records.language_of, records.phone_of)
    worker = OutboxWorker(database, info.row_id, sender, clock, poll_seconds=settings.outbox_poll_seconds,
                          lease_seconds=settings.outbox_lease_seconds)
    conversation = TextConversation(database, deps, info, releases_held=True, on_handled=worker.wake)
    channel = ZaloOAChannel(client, tokens, conversation, direct_replies(settings, database, info, worker, clock))
    routes.add_oa(app_id, channel, secret_value(settings.zalo_oa_secret_key))
    log.info("zalo oa channel: webhook path %s", oa_webhook_path(app_id))
    if settings.bind_host == "127.0.0.1":
        log.warning("zalo oa: the server listens on 127.0.0.1 only; Zalo reaches %s through a reverse proxy on "
                    "this machine, or set WEBHOOK_BASE_URL (or HOST)", oa_webhook_path(app_id))

    async def close() -> None:
        await channel.drain()
        await client.close()

    return ZaloParts(worker, close)


async def delivery_worker(settings: Settings, database: Database, token: str,
                          row_id: int) -> tuple[OutboxWorker, Any]:
    """A registered Zalo Bot Platform bot's outbox worker alone (`doithoai deliver`), with what closes its client."""
    client = ZaloBotClient(token, settings.zalo_api_base_url)
    records = ChatRecords(database, row_id)
    worker = OutboxWorker(database, row_id, ZaloBotSender(client, records.remember, records.language_of),
                          poll_seconds=settings.outbox_poll_seconds, lease_seconds=settings.outbox_lease_seconds)
    return worker, client.close
