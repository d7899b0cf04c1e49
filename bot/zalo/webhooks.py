"""Zalo webhook routes on our aiohttp server: the Bot Platform's secret header, the OA's signed events."""
from __future__ import annotations

import hmac
import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import web

from bot.zalo.bot_channel import ZaloBotChannel
from bot.zalo.oa_api import signature_ok
from bot.zalo.oa_channel import ZaloOAChannel

log = logging.getLogger(__name__)
BOT_SECRET_HEADER = "X-Bot-Api-Secret-Token"
OA_SIGNATURE_HEADER = "X-ZEvent-Signature"
MILLISECONDS = re.compile(r"[0-9]{1,16}")  # the OA's timestamp: epoch milliseconds, as a string


def bot_webhook_path(bot_id: str) -> str:
    return f"/zalo/bot/{bot_id}"


def oa_webhook_path(app_id: str) -> str:
    return f"/zalo/oa/{app_id}"


@dataclass
class ZaloRoutes:
    bots: dict[str, tuple[ZaloBotChannel, str]] = field(default_factory=dict)  # bot id → (channel, secret)
    oas: dict[str, tuple[ZaloOAChannel, str]] = field(default_factory=dict)  # app id → (channel, secret key)
    oa_window_seconds: float = 300.0  # an OA event stamped further from now than this is refused (replays)
    now: Callable[[], float] = time.time

    def add_bot(self, bot_id: str, channel: ZaloBotChannel, secret: str) -> None:
        if not secret:
            raise ValueError("a Zalo bot webhook needs a non-empty secret")
        self.bots[bot_id] = (channel, secret)

    def add_oa(self, app_id: str, channel: ZaloOAChannel, secret_key: str) -> None:
        if not secret_key:
            raise ValueError("a Zalo OA webhook needs the OA secret key")
        self.oas[app_id] = (channel, secret_key)

    def add_to(self, app: web.Application, bot_webhooks: bool = False) -> None:
        """Only the routes of channels that receive webhooks: a Bot Platform bot that polls has none. In webhook
        mode (`bot_webhooks`) the bot route is there from the start, for bots the registry adds later."""
        if self.bots or bot_webhooks:
            app.router.add_post("/zalo/bot/{bot_id}", self.bot_webhook)
        if self.oas:
            app.router.add_post("/zalo/oa/{app_id}", self.oa_webhook)

    async def bot_webhook(self, request: web.Request) -> web.Response:
        channel, secret = self.bots.get(request.match_info["bot_id"], (None, ""))
        given = request.headers.get(BOT_SECRET_HEADER, "")
        if channel is None or not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403)
        body = _json(await request.read())
        if body is None or not await channel.process(body):
            log.warning("zalo bot webhook body rejected: not an update")
            return web.Response(status=400)
        return web.Response(status=200)  # after processing: a crash means Zalo may deliver it again

    async def oa_webhook(self, request: web.Request) -> web.Response:
        app_id = request.match_info["app_id"]
        channel, secret = self.oas.get(app_id, (None, ""))
        if channel is None or not secret:
            return web.Response(status=403)
        raw = await request.read()
        body = _json(raw)
        if body is None:
            log.warning("zalo oa webhook body rejected: not JSON")
            return web.Response(status=400)
        timestamp = str(body.get("timestamp", ""))
        if not signature_ok(request.headers.get(OA_SIGNATURE_HEADER, ""), app_id, raw, timestamp, secret):
            return web.Response(status=403)
        if str(body.get("app_id", app_id)) != app_id:
            return web.Response(status=403)
        if not MILLISECONDS.fullmatch(timestamp):
            log.warning("zalo oa webhook body rejected: no timestamp app=%s", app_id)
            return web.Response(status=400)
        if abs(self.now() - int(timestamp) / 1000) > self.oa_window_seconds:
            log.warning("zalo oa event refused: timestamp outside the window app=%s", app_id)
            return web.Response(status=403)  # a captured event replayed later; a replay inside it is deduplicated
        channel.accept(body)  # answered at once, processed in the background: Zalo wants 200 within 2 s
        return web.Response(status=200)


def _json(raw: bytes) -> dict[str, Any] | None:
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None
