"""What /healthz reports about the parts it cannot query itself (the embedded database's restarts, each bot's API as
its last send found it), and the watchdog that restarts a dead embedded PostgreSQL under a running bot."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from storage.db import Database
from storage.embedded import EmbeddedPostgres

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0


# "telegram:<bot id>" → what its last send or edit met (a 5xx, a network error), while its sends fail. Set by the
# request layer of this process (bot/telegram/request.py); a send that goes through clears it.
API_FAILURES: dict[str, str] = {}


def api_answered(bot: str, status: int) -> None:
    if status >= 500:
        API_FAILURES[bot] = f"failing: HTTP {status}"
    else:
        API_FAILURES.pop(bot, None)


def api_unreachable(bot: str, error: str) -> None:
    API_FAILURES[bot] = f"unreachable: {error}"


@dataclass
class Health:
    database: str = "ok"  # "restarting" while the watchdog brings the embedded server back
    restarts: int = 0
    bots: list[str] = field(default_factory=list)  # "telegram:<bot id>" of the bots this process serves
    max_outbox_lag: float = 300.0  # seconds a due message may wait before the worker counts as lagging

    def serve(self, bot: str) -> None:
        """Report this bot from now on, starting healthy (a failure another run of this process saw is gone)."""
        if bot not in self.bots:
            self.bots.append(bot)
        API_FAILURES.pop(bot, None)

    def forget(self, bot: str) -> None:
        """A bot removed from the registry is no longer this process's to report."""
        if bot in self.bots:
            self.bots.remove(bot)
        API_FAILURES.pop(bot, None)

    def bot_parts(self) -> dict[str, str]:
        return {bot: API_FAILURES.get(bot, "ok") for bot in self.bots}


async def watch_embedded(embedded: EmbeddedPostgres, database: Database, health: Health, stop: asyncio.Event,
                         interval: float) -> None:
    """Check the server every `interval` seconds until stopped; restart it when it died, retrying with backoff."""
    backoff = interval
    while not stop.is_set():
        if not embedded.alive():
            if health.database == "ok":
                log.warning("embedded PostgreSQL is not running; restarting it")
            health.database = "restarting"
            try:
                await asyncio.to_thread(embedded.restart)
            except Exception as error:  # its old processes may linger a moment: try again shortly
                log.warning("embedded PostgreSQL is down and did not start yet: %s", type(error).__name__)
                backoff = min(backoff * 2, MAX_BACKOFF)
                await _wait(stop, backoff)
                continue
            await database.dispose()  # the pools' connections were to the dead server; new ones are opened on use
            health.database, health.restarts, backoff = "ok", health.restarts + 1, interval
        await _wait(stop, interval)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass
