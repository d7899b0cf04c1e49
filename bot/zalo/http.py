"""The aiohttp session both Zalo clients share the handling of: opened lazily, JSON answers whatever the status."""
from __future__ import annotations

from typing import Any

import aiohttp


class JsonClient:
    def __init__(self, timeout: float) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def post_json(self, url: str, **kwargs: Any) -> tuple[int, Any]:
        """(HTTP status, parsed body or None): Zalo's errors are in the body, so the status alone decides nothing."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        async with self._session.post(url, **kwargs) as response:
            try:
                return response.status, await response.json(content_type=None)
            except ValueError:
                return response.status, None
