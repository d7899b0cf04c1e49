"""Keeps the registered bots a process serves in step with the registry: a bot added is started, a removed one
stopped, a re-keyed one restarted with its new token — checked every BOT_REGISTRY_SECONDS, no restart needed."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from bot.logs import learn_secret
from bot.registry import RegisteredBot, load_registered
from storage.db import Database

log = logging.getLogger(__name__)


@dataclass
class RunningBot:
    """One bot's tasks (receiving, its outbox worker, progress edits), stopped together."""

    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task] = field(default_factory=list)
    closers: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)
    wake: list[Callable[[], None]] = field(default_factory=list)

    def run(self, coroutine: Awaitable[Any]) -> None:
        self.tasks.append(asyncio.create_task(coroutine))

    async def stop(self) -> None:
        self.stop_event.set()
        for wake in self.wake:
            wake()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for close in reversed(self.closers):
            try:
                await close()
            except Exception:  # stopping one bot must never stop the others
                log.exception("stopping a bot failed")


Start = Callable[[RegisteredBot], Awaitable[RunningBot]]


class Fleet:
    """The registered bots of this process: row id → (generation, running bot)."""

    def __init__(self, database: Database, keys: str, start: Start, skip: Callable[[RegisteredBot], bool]) -> None:
        self.database, self.keys, self.start, self.skip = database, keys, start, skip
        self.running: dict[int, tuple[int, RunningBot]] = {}
        self._lock = asyncio.Lock()

    async def sync(self, *, reseal: bool = False) -> None:
        async with self._lock:
            wanted = {bot.row_id: bot for bot in await load_registered(self.database, self.keys, reseal)
                      if not self.skip(bot)}
            for row_id, (generation, running) in list(self.running.items()):
                if row_id not in wanted or wanted[row_id].generation != generation:
                    del self.running[row_id]
                    log.info("registered bot %s stopped (%s)", row_id,
                             "removed" if row_id not in wanted else "new token")
                    await running.stop()
            for row_id, bot in wanted.items():
                if row_id in self.running:
                    continue
                learn_secret(bot.token)
                try:
                    self.running[row_id] = (bot.generation, await self.start(bot))
                except Exception as error:  # e.g. a revoked token: tried again at the next check
                    log.error("registered bot %s (%s %s) could not start: %s", row_id, bot.channel,
                              bot.external_id, type(error).__name__)
                    continue
                log.info("registered bot %s started (%s %s)", row_id, bot.channel, bot.external_id)

    async def watch(self, seconds: float, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), seconds)
                return
            except asyncio.TimeoutError:
                pass
            try:
                await self.sync()
            except Exception as error:  # the database may be restarting; the bots already running go on
                log.warning("bot registry check failed: %s", type(error).__name__)

    async def stop_all(self) -> None:
        async with self._lock:
            running, self.running = list(self.running.values()), {}
        await asyncio.gather(*(bot.stop() for _, bot in running), return_exceptions=True)
