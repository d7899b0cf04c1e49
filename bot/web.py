"""One aiohttp server: /healthz, and in webhook mode the Telegram route guarded by a non-empty secret header;
Zalo's routes when Zalo channels are configured. /metrics is a second server of its own (METRICS_PORT), so it is
never on the interface webhooks come in through unless asked."""
from __future__ import annotations

import hmac
import json
import logging
from datetime import datetime, timezone
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from telegram import Update

from bot import metrics
from bot.health import Health
from bot.results_web import add_results_routes
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
                  telegram_webhooks: bool | None = None, zalo_bot_webhooks: bool = False,
                  public_url: str = "") -> web.Application:
    """The Telegram route exists only in webhook mode (`telegram_webhooks`, by default: channels given); each bot
    has its own non-empty secret. `channels` (bot id → (channel, secret)) may change while the server runs: bots
    added to the registry are served without a restart."""
    if any(not secret for _, secret in channels.values()):
        raise ValueError("the Telegram webhook route needs a non-empty secret for every bot")
    telegram_webhooks = bool(channels) if telegram_webhooks is None else telegram_webhooks
    app = web.Application(client_max_size=2 * 1024 * 1024)

    health = health or Health()

    async def healthz(request: web.Request) -> web.Response:
        """200 when every part is well, else 503; either way each part says how it is:
        {"ok": false, "database": "ok", "bots": {"telegram:123": "failing: HTTP 502"}, "worker": "ok",
        "outbox_lag_seconds": 0}. `?parts=database,bots` judges only those (a load balancer in front of bot
        replicas should not take them all out because the delivery worker lags)."""
        parts: dict[str, Any] = {"database": health.database, "bots": health.bot_parts(), "worker": "ok"}
        if health.database == "ok":
            try:
                lag = await metrics.outbox_lag(database, datetime.now(timezone.utc))
                parts["outbox_lag_seconds"] = round(lag, 1)
                if lag > health.max_outbox_lag:
                    parts["worker"] = "lagging"
            except Exception:  # reported, not raised: a health check answers
                parts["database"], parts["worker"] = "unreachable", "unknown"
        else:
            parts["worker"] = "unknown"
        judged = request.query.get("parts", "database,bots,worker").split(",")  # a load balancer: "database,bots"
        ok = ("database" not in judged or parts["database"] == "ok") \
            and ("worker" not in judged or parts["worker"] == "ok") \
            and ("bots" not in judged or set(parts["bots"].values()) <= {"ok"})
        return web.json_response({"ok": ok, **parts}, status=200 if ok else 503)

    async def telegram_webhook(request: web.Request) -> web.Response:
        channel, secret = channels.get(request.match_info["bot_id"], (None, ""))
        given = request.headers.get(SECRET_HEADER, "")
        if channel is None or not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403)
        update = parse_update(await request.read(), channel.application.bot)
        if update is None:
            log.warning("webhook body rejected: not a Telegram update")
            return web.Response(status=400)
        reply = await channel.process(update)  # answer only after the update is stored: a crash means redelivery
        return web.json_response(reply) if reply is not None else web.Response(status=200)

    app.router.add_get("/healthz", healthz)
    if telegram_webhooks:
        app.router.add_post("/telegram/{bot_id}", telegram_webhook)
    if zalo is not None:
        zalo.add_to(app, bot_webhooks=zalo_bot_webhooks)
    add_results_routes(app, database, public_url)  # the commune portal's public results pages, in every mode
    return app


def build_metrics_app(database: Database) -> web.Application:
    """GET /metrics: Prometheus' text format, the database gauges read at each scrape."""
    app = web.Application()

    async def scrape(request: web.Request) -> web.Response:
        try:
            body = await metrics.scrape(database, datetime.now(timezone.utc))
        except Exception as error:  # the process counters are still worth a scrape without the database
            log.warning("metrics: database gauges not read: %s", type(error).__name__)
            body = metrics.generate_latest(metrics.REGISTRY)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/metrics", scrape)
    return app
