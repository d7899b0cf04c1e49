"""The HTTP face of the fake: Bot API calls under /bot<token>/, files under /file/bot<token>/."""

from __future__ import annotations

import json
import logging

from aiohttp import web

from . import configuration, messaging
from .errors import ApiError, bad_request, not_found, unauthorized
from .faults import GatewayError
from .spec import Call, Upload
from .state import BotState
from .world import World

log = logging.getLogger(__name__)

HANDLERS = {**messaging.HANDLERS, **configuration.HANDLERS}
MAX_BODY_BYTES = 60 * 1024 * 1024
WORLD = web.AppKey("world", World)
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def build_app(world: World) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[WORLD] = world
    app.router.add_route("*", "/bot{token}/{method}", handle_api_call)
    app.router.add_get("/file/bot{token}/{path:.+}", handle_download)
    return app


async def handle_api_call(request: web.Request) -> web.Response:
    world = request.app[WORLD]
    try:
        result = await call_method(world, request)
    except ApiError as error:
        method = request.match_info["method"]
        world.errors.append(f"{method}: {error.code} {error.description}")
        if isinstance(error, GatewayError):
            return web.Response(text=error.html(), status=error.code, content_type="text/html")
        return web.json_response(error.body(), status=error.code)
    return web.json_response({"ok": True, "result": result}, dumps=_dumps)


async def call_method(world: World, request: web.Request) -> object:
    bot = world.bots.get(request.match_info["token"])
    if bot is None:
        raise unauthorized()
    method = world.spec.resolve(request.match_info["method"])
    handler = HANDLERS.get(method or "")
    if handler is None:
        raise not_found()
    world.calls[method] += 1
    params, uploads = await read_params(request)
    call = Call(method, world.spec.check(method, params), uploads)
    return await handler(world, bot, call)


async def call_from_webhook_reply(world: World, bot: BotState, body: dict) -> None:
    """A method the bot put in its webhook response: Telegram runs it and tells nobody how it went, so a failure
    is only kept in `errors`. Counted in `webhook_replies`, not `calls` (no HTTP request of the bot's made it)."""
    method = world.spec.resolve(str(body.get("method", "")))
    handler = HANDLERS.get(method or "")
    if handler is None:
        world.errors.append(f"webhook reply: unknown method {body.get('method')!r}")
        return
    world.webhook_replies[method] += 1
    try:
        await handler(world, bot, Call(method, world.spec.check(method, body), {}))
    except ApiError as error:
        world.errors.append(f"webhook reply {method}: {error.code} {error.description}")


async def read_params(request: web.Request) -> tuple[dict, dict[str, Upload]]:
    """Parameters from the query string and a JSON, urlencoded or multipart body."""
    params: dict = dict(request.query)
    uploads: dict[str, Upload] = {}
    if not request.body_exists:
        return params, uploads
    if request.content_type == "application/json":
        params.update(await _json_body(request))
    elif request.content_type in _FORMS:
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                value = Upload(name, value.filename, value.content_type, value.file.read())
                uploads[name] = value
            params[name] = value
    return params, uploads


async def _json_body(request: web.Request) -> dict:
    try:
        body = json.loads(await request.text() or "{}")
    except ValueError:
        raise bad_request("can't parse JSON object") from None
    if not isinstance(body, dict):
        raise bad_request("JSON object expected")
    return body


async def handle_download(request: web.Request) -> web.Response:
    world = request.app[WORLD]
    bot = world.bots.get(request.match_info["token"])
    path = request.match_info["path"]
    stored = next((f for f in bot.files.values() if f.file_path == path), None) if bot else None
    if stored is None:
        body = {"ok": False, "error_code": 404, "description": "Not Found"}
        return web.json_response(body, status=404)
    return web.Response(body=stored.data, content_type="application/octet-stream")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
