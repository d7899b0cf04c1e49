"""A round-robin HTTP load balancer in front of several bot processes (what a province's proxy does in webhook
mode), for tests and benchmarks. `duplicate_every=N` also sends every Nth request to the next backend at the same time, as
a platform redelivering an update whose answer it did not see; the first backend's answer is returned."""
from __future__ import annotations

import asyncio
import itertools

import aiohttp
from aiohttp import web


class Balancer:
    def __init__(self, backends: list[str], duplicate_every: int = 0) -> None:
        self.backends, self.duplicate_every = backends, duplicate_every
        self.forwarded: dict[str, int] = {backend: 0 for backend in backends}
        self.duplicated = 0
        self._turn = itertools.cycle(range(len(backends)))
        self._count = 0
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self.url = ""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self.url = f"http://{bound_host}:{bound_port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()

    async def _forward(self, request: web.Request) -> web.Response:
        body, self._count = await request.read(), self._count + 1
        first = next(self._turn)
        if self.duplicate_every and self._count % self.duplicate_every == 0 and len(self.backends) > 1:
            self.duplicated += 1  # both at once: the two processes race for the same update
            (status, payload), _ = await asyncio.gather(
                self._send(self.backends[first], request, body),
                self._send(self.backends[(first + 1) % len(self.backends)], request, body))
        else:
            status, payload = await self._send(self.backends[first], request, body)
        return web.Response(status=status, body=payload)

    async def _send(self, backend: str, request: web.Request, body: bytes) -> tuple[int, bytes]:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        self.forwarded[backend] += 1
        try:
            async with self._http.request(request.method, backend + request.path_qs, data=body,
                                          headers=headers) as response:
                return response.status, await response.read()
        except aiohttp.ClientError:
            return 502, b""
