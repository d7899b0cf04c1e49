"""The control API over HTTP (/_control/...), so a browser page can drive the fake.

POST /_control/<action> takes the keyword arguments of the FakeTelegram method of that
name as a JSON object; bytes travel as base64 (`photo_base64`, `document.data_base64`, `voice.data_base64` with `voice.duration`).
GET /_control/sent, /commands, /calls, /answered_callbacks and /overview read state.
There is no authentication: serve it on localhost only.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from .fake import FakeTelegram

ACTIONS = {"add_bot", "user", "group", "inject_message", "press_button", "share_contact",
           "block", "unblock", "inject_raw", "refuse_sends", "fail_sends", "calm"}
FAKE = web.AppKey("fake", object)


def add_control_routes(app: web.Application, fake: FakeTelegram) -> None:
    app[FAKE] = fake
    app.router.add_post("/_control/{action}", handle_action)
    app.router.add_get("/_control/sent", handle_sent)
    app.router.add_get("/_control/commands", handle_commands)
    app.router.add_get("/_control/calls", handle_calls)
    app.router.add_get("/_control/answered_callbacks", handle_answered_callbacks)
    app.router.add_get("/_control/overview", handle_overview)


async def handle_action(request: web.Request) -> web.Response:
    action = request.match_info["action"]
    if action not in ACTIONS:
        return _failed(404, f"unknown control action {action!r}")
    try:
        kwargs = json.loads(await request.text() or "{}")
        result = getattr(request.app[FAKE], action)(**_decode_bytes(kwargs))
    except (ValueError, TypeError, KeyError) as error:
        return _failed(400, str(error))
    return web.json_response({"ok": True, "result": result})


def _decode_bytes(kwargs: dict) -> dict:
    if "photo_base64" in kwargs:
        kwargs["photo"] = base64.b64decode(kwargs.pop("photo_base64"))
    voice = kwargs.get("voice")
    if isinstance(voice, dict):
        kwargs["voice"] = (base64.b64decode(voice["data_base64"]), int(voice.get("duration", 0)))
    document = kwargs.get("document")
    if isinstance(document, dict):
        data = base64.b64decode(document["data_base64"])
        kwargs["document"] = (document["filename"], data, document.get("mime_type", "application/octet-stream"))
    return kwargs


async def handle_sent(request: web.Request) -> web.Response:
    try:
        token, chat_id = request.query["token"], int(request.query["chat_id"])
        messages = request.app[FAKE].sent(token, chat_id)
    except (ValueError, KeyError) as error:
        return _failed(400, str(error))
    return web.json_response({"ok": True, "result": [sent_json(m) for m in messages]})


def sent_json(sent) -> dict:
    """A SentMessage as JSON: file bytes left out, their size and download path kept."""
    data = dataclasses.asdict(sent)
    for key in ("file_bytes", "file"):
        data.pop(key, None)
    if sent.file is not None:
        data.update(file_size=len(sent.file.data), file_path=sent.file.file_path)
    return data


async def handle_commands(request: web.Request) -> web.Response:
    query = request.query
    try:
        scope = json.loads(query["scope"]) if query.get("scope") else None
        commands = request.app[FAKE].commands(query["token"], scope, query.get("language_code", ""))
    except (ValueError, KeyError) as error:
        return _failed(400, str(error))
    return web.json_response({"ok": True, "result": commands})


async def handle_calls(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "result": dict(request.app[FAKE].calls)})


async def handle_answered_callbacks(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "result": request.app[FAKE].answered_callbacks})


async def handle_overview(request: web.Request) -> web.Response:
    world = request.app[FAKE].world
    overview = {
        "bots": [{"token": bot.token, "user": bot.user} for bot in world.bots.values()],
        "users": list(world.users.values()),
        "groups": [group.chat() for group in world.groups.values()],
    }
    return web.json_response({"ok": True, "result": overview})


def _failed(status: int, error: str) -> web.Response:
    return web.json_response({"ok": False, "error": error}, status=status)
