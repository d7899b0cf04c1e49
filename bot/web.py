"""One aiohttp server: /healthz, and in webhook mode the Telegram route guarded by a non-empty secret header;
Zalo's routes when Zalo channels are configured."""
from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web
from sqlalchemy import text
from telegram import Update

from bot.health import Health
from bot.telegram.channel import TelegramChannel
from bot.zalo.webhooks import ZaloRoutes
from storage.db import Database

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_path(bot_id: str) -> str:
    return f"/telegram/{bot_id}"


def parse_update(raw: bytes, bot: Any) -> Update | None:
    """The update a webhook body holds, or None for anything else (null, a list, a string, a wrong shape)."""
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            return None
        return Update.de_json(data, bot)
    except (ValueError, KeyError, TypeError, AttributeError):  # PTB raises any of these on a wrong shape
        return None


def build_web_app(database: Database, channels: dict[str, tuple[TelegramChannel, str]],
                  zalo: ZaloRoutes | None = None, health: Health | None = None, *,
                  telegram_webhooks: bool | None = None, zalo_bot_webhooks: bool = False) -> web.Application:
    """The Telegram route exists only in webhook mode (`telegram_webhooks`, by default: channels given); each bot
    has its own non-empty secret. `channels` (bot id → (channel, secret)) may change while the server runs: bots
    added to the registry are served without a restart."""
    if any(not secret for _, secret in channels.values()):
        raise ValueError("the Telegram webhook route needs a non-empty secret for every bot")
    telegram_webhooks = bool(channels) if telegram_webhooks is None else telegram_webhooks
    app = web.Application(client_max_size=2 * 1024 * 1024)

    async def healthz(request: web.Request) -> web.Response:
        """200 {"ok": true}, or 503 naming the part that is not: {"ok": false, "database": "restarting"}."""
        if health is not None and health.database != "ok":
            return web.json_response({"ok": False, "database": health.database}, status=503)
        try:
            async with database.engine.connect() as connection:
                await connection.execute(text("select 1"))
        except Exception:  # reported, not raised: a health check answers
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        return web.json_response({"ok": True})

    async def telegram_webhook(request: web.Request) -> web.Response:
        channel, secret = channels.get(request.match_info["bot_id"], (None, ""))
        given = request.headers.get(SECRET_HEADER, "")
        if channel is None or not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403)
        update = parse_update(await request.read(), channel.application.bot)
        if update is None:
            log.warning("webhook body rejected: not a Telegram update")
            return web.Response(status=400)
        await channel.process(update)  # answer only after the update is stored: a crash means redelivery
        return web.Response(status=200)

    app.router.add_get("/healthz", healthz)
    if telegram_webhooks:
        app.router.add_post("/telegram/{bot_id}", telegram_webhook)
    if zalo is not None:
        zalo.add_to(app, bot_webhooks=zalo_bot_webhooks)
    return app
