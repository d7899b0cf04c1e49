"""PTB's HTTP transport on aiohttp: the same requests as its httpx default, at a fraction of the CPU per call."""
from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.health import api_answered, api_unreachable
from bot.metrics import count_send


_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """A PTB request backend: JSON or multipart POSTs over one pooled aiohttp session."""

    def __init__(self, pool_size: int = 256, read_timeout: float | None = 5.0, connect_timeout: float = 5.0) -> None:
        self._pool_size, self._read_timeout, self._connect_timeout = pool_size, read_timeout, connect_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size)
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=_value(connect_timeout, self._connect_timeout),
                                        sock_read=_value(read_timeout, self._read_timeout))
        path, _, call = url.rpartition("/")
        sending = call.startswith(("send", "edit")) and call != "sendChatAction"  # what /metrics and /healthz watch
        try:
            async with self._session.request(method, url, timeout=timeout, **_body(request_data)) as response:
                body = await response.read()
        except asyncio.TimeoutError as error:
            if sending:
                api_unreachable(f"telegram:{_bot_id(path)}", "timed out")
            raise TimedOut from error
        except aiohttp.ClientError as error:
            if sending:
                api_unreachable(f"telegram:{_bot_id(path)}", type(error).__name__)
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
        if sending:
            bot = _bot_id(path)
            api_answered(f"telegram:{bot}", response.status)
            if call.startswith("send"):
                count_send("telegram", bot, response.status)
        return response.status, body


def _bot_id(path: str) -> str:
    """The bot's public id from ".../bot<id>:<secret>": never the secret part of the token."""
    token = path.rpartition("/")[2]
    return token.removeprefix("bot").partition(":")[0]


def _value(given: Any, default: float | None) -> float | None:
    return default if given is BaseRequest.DEFAULT_NONE else given


def _body(request_data: RequestData | None) -> dict[str, Any]:
    """A JSON body (the Bot API takes one for every call but uploads: one json.dumps, where a form would quote each
    field); multipart when files are uploaded (objects are already JSON strings in json_parameters)."""
    if request_data is None:
        return {}
    files = request_data.multipart_data
    if not files:
        return {"data": json.dumps(request_data.parameters, ensure_ascii=False).encode(), "headers": _JSON}
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename or name, content_type=mime_type)
    return {"data": form}
