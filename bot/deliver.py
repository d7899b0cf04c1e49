"""`doithoai deliver`: only outbox workers, for more delivery processes on one database. It needs no handler:
it sends what the bot processes wrote, so it imports neither the dispatcher nor the web server."""
from __future__ import annotations

import asyncio
import logging
from typing import Callable

from bot import collector
from bot.config import Settings, secret_value
from bot.fleet import Fleet, RunningBot
from bot.outbox import OutboxWorker
from bot.registry import RegisteredBot
from bot.telegram.parse import CHANNEL
from bot.telegram.request import AiohttpRequest
from bot.telegram.sender import TelegramSender
from storage.db import Database

log = logging.getLogger(__name__)


async def deliver_forever(settings: Settings, database: Database) -> None:
    """Only outbox workers, until SIGTERM/SIGINT: the environment's Telegram bot and every registered one (kept in
    step with the registry). Extra delivery processes share the database safely."""
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    env = await _delivery_worker(settings, database, settings.telegram_bot_token.get_secret_value()) \
        if settings.telegram_bot_token else None

    async def start(bot: RegisteredBot) -> RunningBot:
        running = RunningBot()
        if bot.channel == CHANNEL:
            worker, close = await _delivery_worker(settings, database, bot.token)
        else:
            worker, close = await _zalo_delivery_worker(settings, database, bot)
        running.closers.append(close)
        running.wake.append(worker.wake)
        running.run(worker.run(running.stop_event))
        return running

    fleet = Fleet(database, secret_value(settings.doithoai_secret_key), start,
                  lambda bot: env is not None and bot.channel == CHANNEL and bot.row_id == env[0].bot_row_id)
    await fleet.sync()
    tasks = [asyncio.create_task(fleet.watch(settings.bot_registry_seconds, stop))]
    if env is not None:
        tasks.append(asyncio.create_task(env[0].run(stop)))
    log.info("delivery worker started: %d bot(s)", len(fleet.running) + (env is not None))
    collector.settle()
    try:
        await stop.wait()
    finally:
        stop.set()
        if env is not None:
            env[0].wake()
        await asyncio.gather(*tasks, return_exceptions=True)
        await fleet.stop_all()
        if env is not None:
            await env[1]()


async def _delivery_worker(settings: Settings, database: Database, token: str) -> tuple[OutboxWorker, Callable]:
    from telegram import Bot

    base_url, file_url = settings.telegram_urls()
    me = Bot(token, base_url=base_url, base_file_url=file_url, request=AiohttpRequest(),
             get_updates_request=AiohttpRequest(pool_size=1))  # never polls; PTB's httpx default would load for nothing
    await me.initialize()
    try:
        async with database.unit_of_work() as uow:
            row = await uow.repo.ensure_bot(CHANNEL, str(me.id), me.username or "")
            await uow.commit()
    except BaseException:
        await me.shutdown()
        raise
    worker = OutboxWorker(database, row.id, TelegramSender(me, settings.telegram_limits()),
                          poll_seconds=settings.outbox_poll_seconds, lease_seconds=settings.outbox_lease_seconds)
    return worker, me.shutdown


async def _zalo_delivery_worker(settings: Settings, database: Database,
                                bot: RegisteredBot) -> tuple[OutboxWorker, Callable]:
    from bot.zalo.assemble import delivery_worker

    return await delivery_worker(settings, database, bot.token, bot.row_id)
