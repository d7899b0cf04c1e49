"""An OA's access token: refreshed one worker at a time, the new refresh token committed before use.
Both tokens are stored sealed (storage/secrets.py) and every token seen is scrubbed from the logs."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Awaitable, Callable, TypeVar

from bot.logs import learn_secret
from bot.zalo.oa_api import TOKEN_ERRORS, ZaloOAClient, ZaloOAError
from storage.db import Database
from storage.secrets import SecretBox, is_sealed

log = logging.getLogger(__name__)
T = TypeVar("T")
EARLY = timedelta(minutes=5)  # refresh a little before Zalo's expiry, not after a failed send


class TokenKeeper:
    def __init__(self, database: Database, bot_row_id: int, client: ZaloOAClient, initial_refresh_token: str,
                 clock: Callable[[], datetime], box: SecretBox, learn: Callable[[str], None] = learn_secret) -> None:
        self.database, self.bot_row_id, self.client = database, bot_row_id, client
        self.initial, self.clock, self.box, self.learn = initial_refresh_token, clock, box, learn
        self._token, self._expires = "", clock()
        self._lock = asyncio.Lock()

    async def seal_stored(self) -> None:
        """At start: tokens an older version stored in plain text, or sealed under a key now listed second, are
        sealed under the current key. SecretKeyError when the key cannot open them."""
        async with self.database.unit_of_work() as uow:
            row = await uow.repo.lock_oa_token(self.bot_row_id, self.box.seal(self.initial))
            plain = [value for value in (row.access_token, row.refresh_token) if value and not is_sealed(value)]
            access, refresh = self.box.reseal(row.access_token), self.box.reseal(row.refresh_token)
            for sealed in (access, refresh):
                self._open(sealed)  # learns each value, so logs never show it
            row.access_token, row.refresh_token = access, refresh
            await uow.commit()
        if plain:
            log.warning("zalo oa tokens were stored in plain text; now encrypted bot=%s", self.bot_row_id)

    def _open(self, sealed: str) -> str:
        plain = self.box.open(sealed)
        self.learn(plain)
        return plain

    async def current(self) -> str:
        if self._token and self._expires > self.clock():
            return self._token
        return await self.refresh(stale=self._token)

    async def refresh(self, stale: str) -> str:
        """A fresh access token. The token row is locked while refreshing, so workers take turns; one that
        waited finds the new token already there and uses it instead of spending the refresh token again."""
        async with self._lock:
            async with self.database.unit_of_work() as uow:
                row = await uow.repo.lock_oa_token(self.bot_row_id, self.box.seal(self.initial))
                now, access = self.clock(), self._open(row.access_token)
                if access and access != stale and row.access_expires_at and row.access_expires_at - EARLY > now:
                    token, expires = access, row.access_expires_at - EARLY
                else:
                    pair = await self.client.refresh(self._open(row.refresh_token))
                    self.learn(pair.access_token)
                    self.learn(pair.refresh_token)
                    row.refresh_token = self.box.seal(pair.refresh_token)
                    row.access_token = self.box.seal(pair.access_token)
                    row.access_expires_at = now + timedelta(seconds=pair.expires_in)
                    row.generation += 1
                    token, expires = pair.access_token, row.access_expires_at - EARLY
                    log.info("zalo oa token refreshed bot=%s generation=%s", self.bot_row_id, row.generation)
                await uow.commit()  # the new refresh token is stored before the access token is used
            self._token, self._expires = token, expires
            return token

    async def call(self, action: Callable[[str], Awaitable[T]]) -> T:
        """Run an API call with the current token; on a token error refresh once and run it again."""
        token = await self.current()
        try:
            return await action(token)
        except ZaloOAError as error:
            if error.error not in TOKEN_ERRORS:
                raise
            log.info("zalo oa access token refused (%s), refreshing bot=%s", error.error, self.bot_row_id)
            return await action(await self.refresh(stale=token))
