"""What /healthz reports about the parts it cannot query itself, and the watchdog that restarts a dead embedded
PostgreSQL under a running bot."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from storage.db import Database
from storage.embedded import EmbeddedPostgres

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0


@dataclass
class Health:
    database: str = "ok"  # "restarting" while the watchdog brings the embedded server back
    restarts: int = 0


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
