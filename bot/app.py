"""Assembles the running bot: database, the configured channels, dispatcher, outbox workers and web server."""
from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from aiohttp import web

from bot import metrics
from bot.config import Settings, secret_value
from bot.health import Health, watch_embedded
from bot.direct import DirectPolicy, DirectReplies
from bot.outbox import OutboxWorker
from bot.progress import ProgressReporter, every, reminders_once
from bot.telegram.channel import TelegramChannel, build_application
from bot.telegram.parse import CHANNEL
from bot.telegram.request import AiohttpRequest
from bot.telegram.sender import TelegramSender
from bot.web import build_metrics_app, build_web_app, webhook_path
from bot.zalo.assemble import ZaloParts, start_zalo_bot, start_zalo_oa
from bot.zalo.webhooks import ZaloRoutes
from bot.pdf import pdf_converter
from handlers.conversation.context import BotInfo, Deps
from handlers.dispatch import handle
from storage import migrate
from storage.db import Database, make_engine
from storage.embedded import EmbeddedPostgres

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class OpenDatabase:
    database: Database
    url: str
    embedded: EmbeddedPostgres | None = None

    async def close(self) -> None:
        """Dispose of the pools, then stop the embedded server if this process was its last user."""
        await self.database.dispose()
        if self.embedded is not None:
            await asyncio.to_thread(self.embedded.stop)


async def open_database(settings: Settings, *, run_migrations: bool = True) -> OpenDatabase:
    """DATABASE_URL if set; otherwise an embedded PostgreSQL in the data folder. Migrated to head."""
    embedded, url = None, settings.database_url
    if not url:
        embedded = EmbeddedPostgres(settings.data_dir / "pgdata")
        url = await asyncio.to_thread(embedded.start)
        print(f"No DATABASE_URL set: using the embedded PostgreSQL in {embedded.data_dir}", file=sys.stderr)
    try:
        if run_migrations:
            await migrate.async_upgrade(url)
        return OpenDatabase(Database(make_engine(url)), url, embedded)
    except BaseException:
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)
        raise


@dataclass
class BotApp:
    settings: Settings
    database: Database
    clock: Callable[[], datetime] = utcnow
    channel: TelegramChannel | None = None
    workers: list[OutboxWorker] = field(default_factory=list)
    zalo: ZaloRoutes = field(default_factory=ZaloRoutes)
    progress: ProgressReporter | None = None
    embedded: EmbeddedPostgres | None = None  # watched and restarted if it dies (see bot/health.py)
    health: Health = field(default_factory=Health)
    web_host: str = ""
    web_port: int = 0
    metrics_port: int = 0  # where /metrics listens (0: not served)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task] = field(default_factory=list)
    _pollers: list[asyncio.Task] = field(default_factory=list)
    _closers: list[Callable[[], Any]] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _metrics_runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Every configured channel (Telegram, Zalo Bot Platform, Zalo OA), one web server, one worker per bot."""
        settings = self.settings
        settings.check()  # before anything starts: e.g. webhook mode without a secret
        deps = Deps(unit_of_work=self.database.unit_of_work, bots={}, clock=self.clock, pdf=pdf_converter(),
                    burst_limit=settings.chat_burst_updates, burst_seconds=settings.chat_burst_seconds)
        pollers = []
        if settings.telegram_bot_token:
            await self._start_telegram(deps)
        if settings.zalo_bot_token:
            parts = await start_zalo_bot(settings, self.database, deps, self.zalo, self.clock)
            self._add(parts)
            pollers += [parts.poller] if parts.poller else []
        if settings.zalo_oa_enabled:
            self.zalo.oa_window_seconds = settings.zalo_oa_event_window_seconds
            self._add(await start_zalo_oa(settings, self.database, deps, self.zalo, self.clock))
        await self._start_web()
        if self.channel is not None:
            await self._receive_telegram()
        self._pollers = [asyncio.create_task(poller(self._stop)) for poller in pollers]
        for worker in self.workers:
            self._tasks.append(asyncio.create_task(worker.run(self._stop)))
        if self.progress is not None:
            self._tasks.append(asyncio.create_task(every(settings.progress_seconds, self.progress.run_once,
                                                         self._stop, "broadcast progress")))
        self._tasks.append(asyncio.create_task(every(settings.reminder_seconds, self.run_reminders, self._stop,
                                                     "session reminders")))
        if self.embedded is not None:
            self._tasks.append(asyncio.create_task(watch_embedded(self.embedded, self.database, self.health,
                                                                  self._stop, settings.database_watch_seconds)))

    async def run_reminders(self) -> int:
        """Queue what the session clock says is due now, then wake the outbox workers."""
        queued = await reminders_once(self.database, self.clock, self.settings.processed_update_days)
        metrics.reminder_pass_done()
        if queued:
            for worker in self.workers:
                worker.wake()
        return queued

    def _add(self, parts: ZaloParts) -> None:
        self.workers.append(parts.worker)
        self._closers.append(parts.close)

    async def _start_telegram(self, deps: Deps) -> None:
        settings = self.settings
        token = settings.telegram_bot_token.get_secret_value()
        base_url, file_url = settings.telegram_urls()
        application = build_application(token, base_url, file_url, polling=not settings.webhook_mode)
        await application.initialize()
        me = application.bot
        async with self.database.unit_of_work() as uow:
            row = await uow.repo.ensure_bot(CHANNEL, str(me.id), me.username or "")
            await uow.commit()
        deps.bots[(CHANNEL, str(me.id))] = BotInfo(row.id, me.username or "", CHANNEL)
        self.health.serve(f"{CHANNEL}:{me.id}")
        worker = OutboxWorker(self.database, row.id, TelegramSender(me, settings.telegram_limits()), self.clock,
                              poll_seconds=settings.outbox_poll_seconds, lease_seconds=settings.outbox_lease_seconds)
        self.workers.append(worker)
        replies = DirectReplies(self.database, row.id, CHANNEL, worker.wake,
                                DirectPolicy(max_wait=settings.direct_reply_max_wait_seconds), self.clock)
        self.channel = TelegramChannel(application, lambda event: handle(event, deps), worker.wake, replies)
        deps.activities[(CHANNEL, str(me.id))] = self.channel.show_activity
        self.progress = ProgressReporter(self.database, row.id, worker.sender, self.clock)
        await self.channel.set_default_menus()
        await application.start()

    async def _receive_telegram(self) -> None:
        settings, application = self.settings, self.channel.application
        me = application.bot
        if settings.webhook_mode:
            url = settings.webhook_base_url.rstrip("/") + webhook_path(str(me.id))
            await me.set_webhook(url=url, secret_token=secret_value(settings.webhook_secret))
            log.info("webhook mode: bot @%s, path %s", me.username, webhook_path(str(me.id)))
        else:
            await me.delete_webhook()
            await application.updater.start_polling(poll_interval=0.0, timeout=10)
            log.info("polling mode: bot @%s", me.username)

    async def _start_web(self) -> None:
        """Polling mode has no Telegram route at all: updates come only from getUpdates."""
        settings = self.settings
        webhooks = settings.webhook_mode and self.channel is not None
        channels = {self.channel.bot_id: self.channel} if webhooks else {}
        self.health.max_outbox_lag = settings.health_max_outbox_lag_seconds
        app = build_web_app(self.database, channels, secret_value(settings.webhook_secret), self.zalo, self.health)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.bind_host, settings.port)
        await site.start()
        self.web_host, self.web_port = self._runner.addresses[0][:2]
        if settings.metrics_port is not None:
            self._metrics_runner = web.AppRunner(build_metrics_app(self.database), access_log=None)
            await self._metrics_runner.setup()
            await web.TCPSite(self._metrics_runner, settings.metrics_host, settings.metrics_port).start()
            self.metrics_port = self._metrics_runner.addresses[0][1]

    async def stop(self) -> None:
        """Stops whatever start() got to, also after start() failed half-way."""
        self._stop.set()
        for worker in self.workers:
            worker.wake()
        for task in self._pollers:  # they may sit in a long poll
            task.cancel()
        await asyncio.gather(*self._tasks, *self._pollers, return_exceptions=True)
        application = self.channel.application if self.channel else None
        if application is not None:
            if application.updater and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            await application.shutdown()
        for runner in (self._runner, self._metrics_runner):
            if runner:
                await runner.cleanup()
        for close in self._closers:
            await close()

    async def run_forever(self) -> None:
        try:
            await self.start()
            await asyncio.Event().wait()
        finally:
            await self.stop()


async def deliver_forever(settings: Settings, database: Database) -> None:
    """Only the outbox worker, until SIGTERM/SIGINT: extra delivery processes share the database safely."""
    import signal

    from telegram import Bot

    base_url, file_url = settings.telegram_urls()
    async with Bot(settings.telegram_bot_token.get_secret_value(), base_url=base_url, base_file_url=file_url,
                   request=AiohttpRequest()) as me:
        async with database.unit_of_work() as uow:
            row = await uow.repo.ensure_bot(CHANNEL, str(me.id), me.username or "")
            await uow.commit()
        worker = OutboxWorker(database, row.id, TelegramSender(me, settings.telegram_limits()),
                              poll_seconds=settings.outbox_poll_seconds, lease_seconds=settings.outbox_lease_seconds)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(number, stop.set)
        log.info("delivery worker started bot=%s", row.id)
        await worker.run(stop)
