"""The public results pages for a commune's portal, on the bot's web server in every mode: /ket-qua/<code>
(HTML), /ket-qua/<code>.json and /ket-qua/<code>.rss. Read-only, published sessions only; an ETag and a short
public cache; anything else under /ket-qua/ is a 404 page in Vietnamese."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable

from aiohttp import web

from storage.db import Database

if TYPE_CHECKING:
    from handlers.publicity.results import PublicResults

CACHE = "public, max-age=300"
TYPES = {"html": "text/html", "json": "application/json", "rss": "application/rss+xml"}


def add_results_routes(app: web.Application, database: Database, public_url: str = "") -> None:
    async def results(request: web.Request) -> web.Response:
        from handlers.publicity.results import public_results  # loaded on the first page asked for, not at start

        async with database.unit_of_work() as uow:
            found = await public_results(uow.repo, request.match_info["code"], datetime.now(timezone.utc))
        if found is None:
            return missing(request)
        form = request.match_info.get("form", "html")
        body = _render(form, found, public_url or f"{request.scheme}://{request.host}")
        return _cached(request, body, TYPES[form])

    app.router.add_get(r"/ket-qua/{code:\d{5}}", results)
    app.router.add_get(r"/ket-qua/{code:\d{5}}.{form:json|rss}", results)
    app.router.add_get("/ket-qua/{rest:.*}", missing_page)


def _render(form: str, found: PublicResults, base_url: str) -> str:
    from handlers.publicity.results_page import results_html, results_json, results_rss

    renderers: dict[str, Callable[[], str]] = {"html": lambda: results_html(found), "json": lambda: results_json(found),
                                               "rss": lambda: results_rss(found, base_url)}
    return renderers[form]()


def _cached(request: web.Request, body: str, content_type: str) -> web.Response:
    tag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Cache-Control": CACHE}
    if tag in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    return web.Response(text=body, content_type=content_type, charset="utf-8", headers=headers)


def missing(request: web.Request) -> web.Response:
    from handlers.publicity.results_page import not_found_html

    return web.Response(text=not_found_html(), status=404, content_type="text/html", charset="utf-8")


async def missing_page(request: web.Request) -> web.Response:
    return missing(request)
