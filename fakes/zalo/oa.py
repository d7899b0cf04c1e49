"""FakeZaloOA: OAuth, consultation and ZNS endpoints of the Zalo OA Open API v3, and signed webhook events."""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from .server import Served, new_app, wait_until

MAX_TEXT = 2000
WINDOW_SECONDS = 7 * 24 * 3600
_PHONE = re.compile(r"84\d{9}")


@dataclass
class Sent:
    user_id: str
    text: str
    message_id: str


@dataclass
class ZnsSent:
    phone: str
    template_id: str
    data: dict[str, str]
    msg_id: str


@dataclass
class Follower:
    user_id: str
    last_interaction: float = field(default_factory=time.time)


class FakeZaloOA:
    """Two secrets, as Zalo has them: the application's secret key authenticates token refreshes, the OA secret
    key signs webhook events. Switches: rate_limited (error −32), access_ttl (seconds a new access token lives),
    expire_after_sends (the current access token dies after that many more sends), double_server_header."""

    def __init__(self, app_id: str, app_secret_key: str, oa_secret_key: str, *, oa_id: str = "4318001122334455667",
                 access_ttl: int = 90000, double_server_header: bool = True) -> None:
        self.app_id, self.app_secret_key, self.oa_secret_key, self.oa_id = app_id, app_secret_key, oa_secret_key, oa_id
        self.access_ttl, self.double_server_header = access_ttl, double_server_header
        self.rate_limited = False
        self.expire_after_sends: int | None = None
        self.webhook_url = ""
        self.followers: dict[str, Follower] = {}
        self.access_tokens: dict[str, float] = {}  # token → expiry (epoch seconds)
        self.refresh_tokens: set[str] = set()
        self.refreshes = 0
        self.issued: list[str] = []  # every access and refresh token handed out, in order
        self.refused_refreshes = 0  # refresh requests with the wrong app id or secret key
        self.sent_messages: list[Sent] = []
        self.zns: list[ZnsSent] = []
        self.zns_templates: dict[str, set[str]] = {}
        self.webhook_answers: list[int] = []
        self.media: dict[str, bytes] = {}  # what users recorded, served as Zalo's file addresses are
        self._served = Served()
        self._session: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str | None:
        return self._served.url

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = new_app(self.double_server_header)
        app.router.add_post("/v4/oa/access_token", self._oauth)
        app.router.add_post("/v3.0/oa/message/cs", self._send_cs)
        app.router.add_post("/message/template", self._send_zns)
        app.router.add_post("/_control/message", self._control_message)
        app.router.add_get("/_control/sent", self._control_sent)
        app.router.add_get("/media/{name}", self._media)
        self._session = aiohttp.ClientSession()
        return await self._served.serve(app, host, port)

    async def stop(self) -> None:
        if self._session:
            await self._session.close()
        await self._served.close()

    # --- set-up, as done in the Zalo developer console ---------------------------------------
    def issue_refresh_token(self) -> str:
        token = "rt-" + secrets.token_urlsafe(24)
        self.refresh_tokens.add(token)
        self.issued.append(token)
        return token

    def add_zns_template(self, template_id: str, params: set[str]) -> None:
        self.zns_templates[template_id] = set(params)

    def expire_access_tokens(self) -> None:
        self.access_tokens.clear()

    def age_interaction(self, user_id: str, days: float) -> None:
        """Pretend the user last wrote `days` ago."""
        self.followers[user_id].last_interaction = time.time() - days * 86400

    # --- playing users: signed events to the webhook ------------------------------------------
    async def follow(self, user_id: str) -> int:
        self.followers.setdefault(user_id, Follower(user_id))
        return await self.post_event({"app_id": self.app_id, "oa_id": self.oa_id, "user_id_by_app": user_id,
                                      "event_name": "follow", "timestamp": _ms(), "source": "oa_profile",
                                      "follower": {"id": user_id}})

    async def send_text(self, user_id: str, text: str) -> int:
        """The user writes to the OA; returns the HTTP status our webhook answered."""
        self.followers.setdefault(user_id, Follower(user_id)).last_interaction = time.time()
        return await self.post_event({"app_id": self.app_id, "user_id_by_app": user_id,
                                      "event_name": "user_send_text", "timestamp": _ms(),
                                      "sender": {"id": user_id}, "recipient": {"id": self.oa_id},
                                      "message": {"text": text, "msg_id": uuid.uuid4().hex}})

    def recorded(self, data: bytes) -> str:
        """The address Zalo gives a recording; it serves the bytes until `expire_media`."""
        name = uuid.uuid4().hex + ".aac"
        self.media[name] = data
        return f"{self.url}/media/{name}"

    def expire_media(self) -> None:
        self.media.clear()

    async def send_audio(self, user_id: str, url: str, text: str = "") -> int:
        """The user records a voice message to the OA: an `audio` attachment whose payload is the file's address
        (see `recorded`)."""
        self.followers.setdefault(user_id, Follower(user_id)).last_interaction = time.time()
        attachment = {"type": "audio", "payload": {"url": url}}
        return await self.post_event({"app_id": self.app_id, "user_id_by_app": user_id,
                                      "event_name": "user_send_audio", "timestamp": _ms(),
                                      "sender": {"id": user_id}, "recipient": {"id": self.oa_id},
                                      "message": {"text": text, "msg_id": uuid.uuid4().hex,
                                                  "attachments": [attachment]}})

    def signed(self, event: dict[str, Any], secret_key: str | None = None) -> tuple[bytes, dict[str, str]]:
        raw = json.dumps(event, ensure_ascii=False).encode()
        return raw, self.signed_raw(raw, str(event.get("timestamp", "")), secret_key)

    def signed_raw(self, raw: bytes, timestamp: str, secret_key: str | None = None) -> dict[str, str]:
        """Headers for any body, as Zalo signs it: plain SHA-256 of app_id + body + timestamp + OA secret key
        (computed here, not with the bot's code, so a mistake cannot hide on both sides)."""
        key = secret_key or self.oa_secret_key
        mac = hashlib.sha256(self.app_id.encode() + raw + timestamp.encode() + key.encode()).hexdigest()
        return {"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"}

    async def post_event(self, event: dict[str, Any], secret_key: str | None = None) -> int:
        raw, headers = self.signed(event, secret_key)
        return await self.post_raw(raw, headers)

    async def post_raw(self, raw: bytes, headers: dict[str, str]) -> int:
        async with self._session.post(self.webhook_url, data=raw, headers=headers) as response:
            self.webhook_answers.append(response.status)
            return response.status

    def sent(self, user_id: str) -> list[Sent]:
        return [s for s in self.sent_messages if s.user_id == user_id]

    async def wait_for_sent(self, user_id: str, count: int, timeout: float = 30.0) -> list[Sent]:
        await wait_until(lambda: len(self.sent(user_id)) >= count, timeout,
                         f"user {user_id} got {len(self.sent(user_id))} messages, not {count}: "
                         f"{[s.text[:60] for s in self.sent(user_id)]}")
        return self.sent(user_id)

    # --- the API ------------------------------------------------------------------------------
    async def _oauth(self, request: web.Request) -> web.Response:
        form = await request.post()
        if request.headers.get("secret_key") != self.app_secret_key or form.get("app_id") != self.app_id:
            self.refused_refreshes += 1
            return _error(-14002, "Invalid app_id or secret_key")
        if form.get("grant_type") != "refresh_token":
            return _error(-14001, "Invalid grant_type")
        token = str(form.get("refresh_token", ""))
        if token not in self.refresh_tokens:
            return _error(-14014, "Invalid refresh token")
        self.refresh_tokens.discard(token)  # single use
        self.refreshes += 1
        access = "at-" + secrets.token_urlsafe(24)
        self.access_tokens[access] = time.time() + self.access_ttl
        self.issued.append(access)
        return web.json_response({"access_token": access, "refresh_token": self.issue_refresh_token(),
                                  "expires_in": str(self.access_ttl)})

    def _check_token(self, request: web.Request) -> web.Response | None:
        token = request.headers.get("access_token", "")
        if self.access_tokens.get(token, 0) <= time.time():
            return _error(-216, "Access token is invalid")
        if self.rate_limited:
            return _error(-32, "Exceed the limit of request per minute")
        if self.expire_after_sends is not None:
            self.expire_after_sends -= 1
            if self.expire_after_sends < 0:
                self.expire_after_sends = None
                self.access_tokens.pop(token, None)
                return _error(-216, "Access token is invalid")
        return None

    async def _json(self, request: web.Request) -> dict[str, Any] | None:
        try:
            body = await request.json()
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    async def _send_cs(self, request: web.Request) -> web.Response:
        refused = self._check_token(request)
        if refused:
            return refused
        body = await self._json(request)
        user_id = str(((body or {}).get("recipient") or {}).get("user_id", ""))
        text = ((body or {}).get("message") or {}).get("text")
        if not user_id or not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            return _error(-201, "Parameters are invalid")
        follower = self.followers.get(user_id)
        if follower is None:
            return _error(-213, "User has not followed OA")
        if time.time() - follower.last_interaction > WINDOW_SECONDS:
            return _error(-230, "User has not interacted with the OA in the past 7 days")
        sent = Sent(user_id, text, uuid.uuid4().hex)
        self.sent_messages.append(sent)
        return web.json_response({"data": {"message_id": sent.message_id, "user_id": user_id},
                                  "error": 0, "message": "Success"})

    async def _send_zns(self, request: web.Request) -> web.Response:
        refused = self._check_token(request)
        if refused:
            return refused
        body = await self._json(request) or {}
        phone, template = str(body.get("phone", "")), str(body.get("template_id", ""))
        data = body.get("template_data")
        if not _PHONE.fullmatch(phone) or not isinstance(data, dict):
            return _error(-108, "Phone number is invalid" if not _PHONE.fullmatch(phone) else "Invalid params")
        if template not in self.zns_templates:
            return _error(-1124, "Template is invalid")
        if set(data) != self.zns_templates[template]:
            return _error(-1131, "Template data is invalid")
        sent = ZnsSent(phone, template, {k: str(v) for k, v in data.items()}, uuid.uuid4().hex)
        self.zns.append(sent)
        return web.json_response({"error": 0, "message": "Success",
                                  "data": {"msg_id": sent.msg_id, "sent_time": _ms()}})

    # --- control API over HTTP ----------------------------------------------------------------
    async def _control_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        status = await self.send_text(str(body["user_id"]), body["text"])
        return web.json_response({"webhook_status": status})

    async def _media(self, request: web.Request) -> web.Response:
        data = self.media.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)  # an expired address
        return web.Response(body=data, content_type="audio/aac")

    async def _control_sent(self, request: web.Request) -> web.Response:
        return web.json_response([s.__dict__ for s in self.sent(request.query["user_id"])])


def _ms() -> str:
    return str(int(time.time() * 1000))


def _error(code: int, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message})
