"""What both fake Zalo servers share: serving on a free port, Zalo's doubled Server header, waiting for sends."""
from __future__ import annotations

import asyncio
import socket
from typing import Callable

from aiohttp import web


DOUBLE_SERVER = web.AppKey("double_server", bool)


@web.middleware
async def doubled_server_header(request: web.Request, handler) -> web.StreamResponse:
    """Zalo's edge has been seen sending two Server headers; clients must accept that."""
    response = await handler(request)
    if request.app.get(DOUBLE_SERVER, True):
        response.headers.add("Server", "ZaloEdge")
        response.headers.add("Server", "nginx")
    return response


def new_app(double_server: bool) -> web.Application:
    app = web.Application(middlewares=[doubled_server_header])
    app[DOUBLE_SERVER] = double_server
    return app


class Served:
    """An aiohttp app on host:port (0 picks one), started and stopped with the fake."""

    def __init__(self) -> None:
        self.url: str | None = None
        self._runner: web.AppRunner | None = None

    async def serve(self, app: web.Application, host: str, port: int) -> str:
        sock = socket.socket(socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        bound_host, bound_port = sock.getsockname()[:2]
        self.url = f"http://{bound_host}:{bound_port}"
        return self.url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


async def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    for _ in range(int(timeout / 0.02)):
        if check():
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(what)
