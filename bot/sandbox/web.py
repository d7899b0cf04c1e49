"""The sandbox page and its JSON API (aiohttp). Localhost only: there is no authentication."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Awaitable, Callable

from aiohttp import web

from bot.sandbox.clock import ClockControl
from bot.sandbox.sandbox import Sandbox, SandboxError
from bot.sandbox.strings import page_strings, persona_json
from bot.results_web import add_results_routes
from fakes.telegram.errors import ApiError
from handlers.conversation.i18n import pick_language, translator

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
SANDBOX = web.AppKey("sandbox", Sandbox)
CLOCK = web.AppKey("clock", ClockControl)
Handler = Callable[[web.Request], Awaitable[web.Response]]


def build_sandbox_app(sandbox: Sandbox, clock: ClockControl | None = None) -> web.Application:
    app = web.Application(client_max_size=12 * 1024 * 1024, middlewares=[_refusals])
    app[SANDBOX] = sandbox
    if clock is not None:
        app[CLOCK] = clock
        app.router.add_get("/api/clock", _clock)
        app.router.add_post("/api/clock", _forward)
    app.router.add_get("/", _index)
    app.router.add_get("/api/strings", _strings)
    app.router.add_get("/api/personas", _personas)
    app.router.add_post("/api/personas", _create_persona)
    app.router.add_get("/api/options", _options)
    app.router.add_get("/api/chat", _chat)
    app.router.add_post("/api/send", _send)
    app.router.add_post("/api/press", _press)
    app.router.add_post("/api/contact", _contact)
    app.router.add_post("/api/photo", _photo)
    app.router.add_get("/api/file/{file_id}", _file)
    app.router.add_static("/static/", STATIC, append_version=False)
    add_results_routes(app, sandbox.database)  # the demo commune's public results page, /ket-qua/06421
    return app


@web.middleware
async def _refusals(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Mistakes in a request become a 400 with the reason, never a stack trace."""
    try:
        return await handler(request)
    except (SandboxError, ApiError, ValueError, KeyError, TypeError) as error:
        log.info("sandbox request refused path=%s: %s", request.path, type(error).__name__)
        return web.json_response({"ok": False, "error": str(error)}, status=400)


async def _index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


def _language(request: web.Request) -> str:
    return pick_language(request.query.get("lang"))


async def _strings(request: web.Request) -> web.Response:
    return web.json_response(page_strings(_language(request)))


async def _personas(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    await sandbox.sync()
    language = _language(request)
    people = [persona_json(p, language) for p in sandbox.personas.values()]
    return web.json_response({"personas": people})


async def _create_persona(request: web.Request) -> web.Response:
    body = await request.json()
    sandbox = request.app[SANDBOX]
    user_id = await sandbox.create_persona(str(body["name"]), str(body.get("role", "resident")),
                                           str(body.get("lang", "vi")), str(body.get("village", "")),
                                           str(body.get("department", "")))
    return web.json_response({"ok": True, "id": user_id})


async def _options(request: web.Request) -> web.Response:
    return web.json_response(await request.app[SANDBOX].options())


async def _chat(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    user_id, chat_id = int(request.query["persona"]), int(request.query["chat"])
    view = sandbox.chat(user_id, chat_id)
    view["chats"] = sandbox.chats_of(user_id)
    return web.json_response(view)


async def _send(request: web.Request) -> web.Response:
    body = await request.json()
    request.app[SANDBOX].send_text(int(body["persona"]), int(body["chat"]), str(body["text"]))
    return web.json_response({"ok": True})


async def _press(request: web.Request) -> web.Response:
    body = await request.json()
    request.app[SANDBOX].press(int(body["persona"]), int(body["chat"]), int(body["message_id"]), str(body["data"]))
    return web.json_response({"ok": True})


async def _contact(request: web.Request) -> web.Response:
    body = await request.json()
    request.app[SANDBOX].share_contact(int(body["persona"]))
    return web.json_response({"ok": True})


async def _photo(request: web.Request) -> web.Response:
    body = await request.json()
    request.app[SANDBOX].send_photo(int(body["persona"]), int(body["chat"]), str(body["photo_base64"]),
                                    str(body.get("caption", "")))
    return web.json_response({"ok": True})


async def _file(request: web.Request) -> web.Response:
    data, mime_type = request.app[SANDBOX].file(request.match_info["file_id"])
    return web.Response(body=data, content_type=mime_type)


def _clock_json(request: web.Request, queued: int = 0) -> web.Response:
    now = request.app[CLOCK].clock()
    moved = request.app[CLOCK].clock.offset.days
    return web.json_response({"ok": True, "now": translator(_language(request)).datetime(now), "days": moved,
                              "queued": queued})


async def _clock(request: web.Request) -> web.Response:
    return _clock_json(request)


async def _forward(request: web.Request) -> web.Response:
    """Move the bot's clock a day or a week forward, then queue what is now due."""
    body = await request.json()
    queued = await request.app[CLOCK].forward(int(body["days"]))
    return _clock_json(request, queued)
