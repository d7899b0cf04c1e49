"""FakeZaloBot: the Zalo Bot Platform over real HTTP, strict where ZALO.md is sure, switchable where it is not."""
from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import aiohttp
from aiohttp import web

from .server import Served, new_app, wait_until

MAX_TEXT = 2000
PARSE_MODES = {"markdown", "html"}
_bot_ids = itertools.count(3_000_000_000_000_000_001)


class ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


@dataclass
class Sent:
    chat_id: str
    message_id: str
    text: str = ""
    photo: str = ""
    kind: str = "text"


@dataclass
class FakeBot:
    token: str
    id: str
    name: str
    webhook_url: str = ""
    secret: str = ""
    pending: deque = field(default_factory=deque)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    chats: set[str] = field(default_factory=set)
    sent: list[Sent] = field(default_factory=list)
    actions: list[tuple[str, str]] = field(default_factory=list)  # (chat id, action) of each sendChatAction
    webhook_answers: list[int] = field(default_factory=list)


class FakeZaloBot:
    """Switches: wrapped_webhooks ({"ok","result"} bodies), errors_as_200 (ok=false with HTTP 200 instead of the
    error status), double_server_header, monthly_quota (429 once spent). Idle getUpdates ends in error 408."""

    def __init__(self, *, wrapped_webhooks: bool = False, errors_as_200: bool = False,
                 double_server_header: bool = True, monthly_quota: int | None = None) -> None:
        self.wrapped_webhooks, self.errors_as_200 = wrapped_webhooks, errors_as_200
        self.double_server_header, self.monthly_quota = double_server_header, monthly_quota
        self.bots: dict[str, FakeBot] = {}
        self._served = Served()
        self._session: aiohttp.ClientSession | None = None
        self._closing = asyncio.Event()
        self._delivering: set[asyncio.Task] = set()

    @property
    def url(self) -> str | None:
        return self._served.url

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = new_app(self.double_server_header)
        app.router.add_route("*", "/bot{token}/{method}", self._endpoint)
        app.router.add_post("/_control/message", self._control_message)
        app.router.add_get("/_control/sent", self._control_sent)
        self._session = aiohttp.ClientSession()
        self._closing.clear()
        return await self._served.serve(app, host, port)

    async def stop(self) -> None:
        self._closing.set()
        await asyncio.gather(*self._delivering, return_exceptions=True)
        if self._session:
            await self._session.close()
        await self._served.close()

    # --- playing users ----------------------------------------------------------------------
    def add_bot(self, token: str, name: str = "Đối thoại") -> str:
        bot = FakeBot(token=token, id=str(next(_bot_ids)), name=name)
        self.bots[token] = bot
        return bot.id

    def inject_text(self, token: str, user_id: str, text: str, name: str = "Người dùng") -> str:
        return self._inject(token, user_id, name, "message.text.received", {"text": text})

    def inject_image(self, token: str, user_id: str, url: str, caption: str = "") -> str:
        return self._inject(token, user_id, "Người dùng", "message.image.received",
                            {"photo_url": url, "caption": caption})

    def inject_unsupported(self, token: str, user_id: str) -> str:
        """What a protected user's message looks like: the event, without its content."""
        return self._inject(token, user_id, "Người dùng", "message.unsupported.received", {})

    def inject_update(self, token: str, update: dict[str, Any]) -> None:
        """Queue a raw update as it is, e.g. a replay of one already delivered."""
        self._queue(self.bots[token], update)

    def _inject(self, token: str, user_id: str, name: str, event: str, content: dict[str, Any]) -> str:
        bot = self.bots[token]
        bot.chats.add(user_id)
        message_id = uuid.uuid4().hex
        message = {"from": {"id": user_id, "display_name": name, "is_bot": False},
                   "chat": {"id": user_id, "chat_type": "PRIVATE"}, "message_id": message_id,
                   "date": int(time.time() * 1000), **content}
        self._queue(bot, {"event_name": event, "message": message})
        return message_id

    def _queue(self, bot: FakeBot, update: dict[str, Any]) -> None:
        bot.pending.append(update)
        bot.arrived.set()
        if bot.webhook_url:
            self._spawn(self._push(bot))

    def sent(self, token: str, chat_id: str) -> list[Sent]:
        return [s for s in self.bots[token].sent if s.chat_id == chat_id]

    async def wait_for_sent(self, token: str, chat_id: str, count: int, timeout: float = 30.0) -> list[Sent]:
        await wait_until(lambda: len(self.sent(token, chat_id)) >= count, timeout,
                         f"chat {chat_id} got {len(self.sent(token, chat_id))} messages, not {count}")
        return self.sent(token, chat_id)

    # --- webhook delivery -------------------------------------------------------------------
    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._delivering.add(task)
        task.add_done_callback(self._delivering.discard)

    async def _push(self, bot: FakeBot) -> None:
        while bot.pending and bot.webhook_url and not self._closing.is_set():
            update = bot.pending.popleft()
            body = {"ok": True, "result": update} if self.wrapped_webhooks else update
            try:
                async with self._session.post(bot.webhook_url, json=body,
                                              headers={"X-Bot-Api-Secret-Token": bot.secret}) as response:
                    bot.webhook_answers.append(response.status)
            except aiohttp.ClientError:
                bot.webhook_answers.append(0)

    # --- the API ----------------------------------------------------------------------------
    async def _endpoint(self, request: web.Request) -> web.Response:
        try:
            bot = self.bots.get(request.match_info["token"])
            if bot is None:
                raise ApiError(401, "Unauthorized")
            handler = _METHODS.get(request.match_info["method"])
            if handler is None:
                raise ApiError(404, "Method not found")
            result = await handler(self, bot, await _params(request))
        except ApiError as error:
            status = 200 if self.errors_as_200 else error.code
            return web.json_response({"ok": False, "error_code": error.code, "description": error.description},
                                     status=status)
        return web.json_response({"ok": True, "result": result})

    async def get_me(self, bot: FakeBot, params: dict[str, Any]) -> Any:
        return {"id": bot.id, "account_name": bot.name, "account_type": "BASIC", "can_join_groups": False}

    async def get_updates(self, bot: FakeBot, params: dict[str, Any]) -> Any:
        if bot.webhook_url:
            raise ApiError(409, "Conflict: webhook is active; delete it to use getUpdates")
        timeout = min(_int(params, "timeout", 30), 60)
        if not bot.pending:
            bot.arrived.clear()
            waits = [asyncio.ensure_future(bot.arrived.wait()), asyncio.ensure_future(self._closing.wait())]
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            for waiting in waits:
                waiting.cancel()
        if not bot.pending:
            raise ApiError(408, "Request timeout")
        return bot.pending.popleft()  # one update per call, and no offset: taken means gone

    async def set_webhook(self, bot: FakeBot, params: dict[str, Any]) -> Any:
        url, secret = str(params.get("url", "")), str(params.get("secret_token", ""))
        parsed = urlparse(url)
        local = parsed.hostname in ("127.0.0.1", "localhost")
        if parsed.scheme != "https" and not (parsed.scheme == "http" and local):
            raise ApiError(400, "url must be an https URL")
        if not 8 <= len(secret) <= 256:
            raise ApiError(400, "secret_token must be 8-256 characters")
        bot.webhook_url, bot.secret = url, secret
        if bot.pending:
            self._spawn(self._push(bot))
        return {"url": url, "updated_at": int(time.time() * 1000)}

    async def delete_webhook(self, bot: FakeBot, params: dict[str, Any]) -> Any:
        bot.webhook_url, bot.secret = "", ""
        return {"url": "", "updated_at": int(time.time() * 1000)}

    async def get_webhook_info(self, bot: FakeBot, params: dict[str, Any]) -> Any:
        if not bot.webhook_url:
            raise ApiError(404, "Webhook not found")
        return {"url": bot.webhook_url, "updated_at": int(time.time() * 1000)}

    def _chat(self, bot: FakeBot, params: dict[str, Any]) -> str:
        chat_id = str(params.get("chat_id", ""))
        if not chat_id:
            raise ApiError(400, "chat_id is required")
        if chat_id not in bot.chats:
            raise ApiError(400, "chat not found")
        if self.monthly_quota is not None and len(bot.sent) >= self.monthly_quota:
            raise ApiError(429, "Monthly message quota exceeded")
        return chat_id

    async def send_message(self, bot: FakeBot, params: dict[str, Any]) -> Any:
        chat_id = self._chat(bot, params)
        text = str(params.get("text", ""))
        if not 1 <= len(text) <= MAX_TEXT:
            raise ApiError(400, f"text must be 1-{MAX_TEXT} characters")
        mode = params.get("parse_mode")
        if mode is not None and str(mode).lower() not in PARSE_MODES:
            raise ApiError(400, "parse_mode must be markdown or html")
        return self._record(bot, Sent(chat_id, uuid.uuid4().hex, text=text))

    async def send_photo(self, bot: FakeBot, params: dict[str, Any]) -> Any:
        chat_id = self._chat(bot, params)
        photo, caption = str(params.get("photo", "")), str(params.get("caption", "") or "")
        if urlparse(photo).scheme not in ("http", "https"):
            raise ApiError(400, "photo must be a public image URL")
        if len(caption) > MAX_TEXT:
            raise ApiError(400, f"caption must be at most {MAX_TEXT} characters")
        return self._record(bot, Sent(chat_id, uuid.uuid4().hex, text=caption, photo=photo, kind="photo"))

    async def send_sticker(self, bot: FakeBot, params: dict[str, Any]) -> Any:
        chat_id = self._chat(bot, params)
        if not params.get("sticker"):
            raise ApiError(400, "sticker is required")
        return self._record(bot, Sent(chat_id, uuid.uuid4().hex, kind="sticker"))

    async def send_chat_action(self, bot: FakeBot, params: dict[str, Any]) -> Any:
        chat_id = self._chat(bot, params)
        if params.get("action") != "typing":
            raise ApiError(400, "action must be typing")
        bot.actions.append((chat_id, "typing"))
        return True

    def _record(self, bot: FakeBot, sent: Sent) -> Any:
        bot.sent.append(sent)
        return {"message_id": sent.message_id, "date": int(time.time() * 1000)}

    # --- control API: play users and read what the bot sent, over HTTP ---------------------
    async def _control_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        message_id = self.inject_text(body["token"], str(body["user_id"]), body["text"])
        return web.json_response({"message_id": message_id})

    async def _control_sent(self, request: web.Request) -> web.Response:
        sent = self.sent(request.query["token"], request.query["chat_id"])
        return web.json_response([s.__dict__ for s in sent])


async def _params(request: web.Request) -> dict[str, Any]:
    """JSON, form or query parameters, as the platform accepts all three."""
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError as error:
                raise ApiError(400, "Bad Request: invalid JSON") from error
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: parameters must be an object")
            params.update(body)
        else:
            params.update(await request.post())
    return params


def _int(params: dict[str, Any], name: str, default: int) -> int:
    try:
        return int(params.get(name, default))
    except (TypeError, ValueError) as error:
        raise ApiError(400, f"{name} must be an integer") from error


_METHODS = {"getMe": FakeZaloBot.get_me, "getUpdates": FakeZaloBot.get_updates,
            "setWebhook": FakeZaloBot.set_webhook, "deleteWebhook": FakeZaloBot.delete_webhook,
            "getWebhookInfo": FakeZaloBot.get_webhook_info, "sendMessage": FakeZaloBot.send_message,
            "sendPhoto": FakeZaloBot.send_photo, "sendSticker": FakeZaloBot.send_sticker,
            "sendChatAction": FakeZaloBot.send_chat_action}
