"""Assembles the running bot: database, the configured channels, dispatcher, outbox workers and web server."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from typing import Any, Callable

from aiohttp import web

from bot import collector, metrics
from bot.config import Settings, SettingsError, secret_value
from bot.database import OpenDatabase, open_database  # noqa: F401 (re-exported: start-up opens it from here)
from bot.fleet import Fleet, RunningBot
from bot.registry import RegisteredBot, bot_webhook_secret
from bot.health import Health, watch_embedded
from bot.direct import DirectPolicy, DirectReplies
from bot.outbox import OutboxWorker
from bot.progress import ProgressReporter, every, reminders_once
from bot.telegram.channel import TelegramChannel, build_application
from bot.telegram.parse import CHANNEL
from bot.telegram.sender import TelegramSender
from bot.web import build_metrics_app, build_web_app, webhook_path
from bot.zalo.assemble import ZaloParts, start_zalo_bot, start_zalo_oa
from bot.zalo.webhooks import ZaloRoutes
from bot.pdf import pdf_converter
from bot.qr import qr_png
from bot.speech import Transcriber, load_transcriber
from bot.voice import Fetch, VoiceWorker, telegram_fetch, web_fetch
from handlers.conversation.context import BotInfo, Deps
from handlers.dispatch import handle
from storage.db import Database
from storage.embedded import EmbeddedPostgres

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


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
    deps: Deps | None = None
    fleet: Fleet | None = None
    webhooks: dict[str, tuple[TelegramChannel, str]] = field(default_factory=dict)  # bot id → (channel, secret)
    registered_workers: dict[int, OutboxWorker] = field(default_factory=dict)  # bot row id → its worker
    _metrics_runner: web.AppRunner | None = None
    transcriber: Transcriber | None = None  # None: the model in SPEECH_MODEL_DIR, if any (tests pass a stand-in)
    voice: VoiceWorker | None = None
    _telegram_fetch: dict[int, Fetch] = field(default_factory=dict)  # bot row id → its getFile download

    async def start(self) -> None:
        """Every configured channel (Telegram, Zalo Bot Platform, Zalo OA) and every registered bot, one web server,
        one outbox worker per bot."""
        settings = self.settings
        settings.check()  # before anything starts: e.g. webhook mode without a secret
        deps = Deps(unit_of_work=self.database.unit_of_work, bots={}, clock=self.clock, pdf=pdf_converter(),
                    burst_limit=settings.chat_burst_updates, burst_seconds=settings.chat_burst_seconds,
                    qr=qr_png, public_url=settings.public_base_url or settings.webhook_base_url)
        self.deps = deps
        self.transcriber = self.transcriber or load_transcriber(settings.speech_model_dir)
        deps.transcripts = self.transcriber is not None
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
        environment = {info.row_id for info in deps.bots.values()}  # a registered bot with the env's token runs once
        self.fleet = Fleet(self.database, secret_value(settings.doithoai_secret_key), self._start_registered,
                           lambda bot: bot.row_id in environment)
        await self._start_web()
        if self.channel is not None:
            await self._receive_telegram(self.channel, secret_value(settings.webhook_secret))
        await self.fleet.sync(reseal=True)  # a key that cannot open the stored tokens stops the start here
        self._pollers = [asyncio.create_task(poller(self._stop)) for poller in pollers]
        for worker in self.workers:
            self._tasks.append(asyncio.create_task(worker.run(self._stop)))
        if self.progress is not None:
            self._tasks.append(asyncio.create_task(every(settings.progress_seconds, self.progress.run_once,
                                                         self._stop, "broadcast progress")))
        self._tasks.append(asyncio.create_task(every(settings.reminder_seconds, self.run_reminders, self._stop,
                                                     "session reminders")))
        self._tasks.append(asyncio.create_task(self.fleet.watch(settings.bot_registry_seconds, self._stop)))
        self.voice = VoiceWorker(self.database, self.clock, self.transcriber, settings.voice_keep_max_bytes,
                                 on_queued=self._wake_workers)
        self._tasks.append(asyncio.create_task(every(settings.voice_seconds, self.run_voice, self._stop,
                                                     "voice questions")))
        if self.embedded is not None:
            self._tasks.append(asyncio.create_task(watch_embedded(self.embedded, self.database, self.health,
                                                                  self._stop, settings.database_watch_seconds)))

    async def _start_registered(self, bot: RegisteredBot) -> RunningBot:
        running = RunningBot()
        try:
            if bot.channel == CHANNEL:
                await self._start_registered_telegram(bot, running)
            else:
                await self._start_registered_zalo(bot, running)
        except BaseException:
            await running.stop()
            raise
        return running

    async def _start_registered_telegram(self, bot: RegisteredBot, running: RunningBot) -> None:
        settings = self.settings
        channel, worker, progress = await self._telegram_parts(bot.token, self.deps)
        running.closers.append(partial(self._stop_telegram, channel, bot.external_id))
        running.wake.append(worker.wake)
        running.run(worker.run(running.stop_event))
        running.run(every(settings.progress_seconds, progress.run_once, running.stop_event, "broadcast progress"))
        self._track_worker(bot.row_id, worker, running)
        await self._receive_telegram(channel, bot_webhook_secret(secret_value(settings.webhook_secret),
                                                                 bot.external_id))

    def _track_worker(self, row_id: int, worker: OutboxWorker, running: RunningBot) -> None:
        self.registered_workers[row_id] = worker

        async def forget() -> None:
            self.registered_workers.pop(row_id, None)

        running.closers.append(forget)

    async def _start_registered_zalo(self, bot: RegisteredBot, running: RunningBot) -> None:
        settings = self.settings
        keys = secret_value(settings.zalo_webhook_secret) or secret_value(settings.webhook_secret)
        secret = bot_webhook_secret(keys, bot.external_id) if keys else ""
        if settings.webhook_mode and not secret:
            raise SettingsError("webhook mode needs ZALO_WEBHOOK_SECRET (or WEBHOOK_SECRET) for registered Zalo bots")
        parts = await start_zalo_bot(settings, self.database, self.deps, self.zalo, self.clock, token=bot.token,
                                     secret=secret, row_id=bot.row_id)
        running.closers.append(parts.close)
        running.wake.append(parts.worker.wake)
        running.run(parts.worker.run(running.stop_event))
        self._track_worker(bot.row_id, parts.worker, running)
        if parts.poller is not None:
            running.run(parts.poller(running.stop_event))

    async def run_reminders(self) -> int:
        """Queue what the session clock says is due now, then wake the outbox workers."""
        queued = await reminders_once(self.database, self.clock, self.settings.processed_update_days)
        metrics.reminder_pass_done()
        if queued:
            for worker in [*self.workers, *self.registered_workers.values()]:
                worker.wake()
        return queued

    async def run_voice(self) -> int:
        """Keep and transcribe the voice questions waiting on the bots this process serves (each bot fetches its
        own files)."""
        zalo = web_fetch()
        self.voice.fetchers = {info.row_id: self._telegram_fetch.get(info.row_id, zalo)
                               for info in self.deps.bots.values()}
        return await self.voice.run_once()

    def _wake_workers(self) -> None:
        for worker in [*self.workers, *self.registered_workers.values()]:
            worker.wake()

    def _add(self, parts: ZaloParts) -> None:
        self.workers.append(parts.worker)
        self._closers.append(parts.close)

    async def _start_telegram(self, deps: Deps) -> None:
        """The environment's bot (TELEGRAM_BOT_TOKEN): the one-bot shortcut."""
        channel, worker, progress = await self._telegram_parts(self.settings.telegram_bot_token.get_secret_value(),
                                                               deps)
        self.channel, self.progress = channel, progress
        self.workers.append(worker)

    async def _telegram_parts(self, token: str, deps: Deps) -> tuple[TelegramChannel, OutboxWorker, ProgressReporter]:
        """One Telegram bot: its PTB application (started, not yet receiving), bot row, worker and progress edits."""
        settings = self.settings
        base_url, file_url = settings.telegram_urls()
        application = build_application(token, base_url, file_url, polling=not settings.webhook_mode)
        await application.initialize()
        try:
            me = application.bot
            async with self.database.unit_of_work() as uow:
                row = await uow.repo.ensure_bot(CHANNEL, str(me.id), me.username or "")
                await uow.commit()
            worker = OutboxWorker(self.database, row.id, TelegramSender(me, settings.telegram_limits()), self.clock,
                                  poll_seconds=settings.outbox_poll_seconds,
                                  lease_seconds=settings.outbox_lease_seconds)
            replies = DirectReplies(self.database, row.id, CHANNEL, worker.wake,
                                    DirectPolicy(max_wait=settings.direct_reply_max_wait_seconds), self.clock)
            channel = TelegramChannel(application, lambda event: handle(event, deps), worker.wake, replies)
            await channel.set_default_menus()
            await application.start()
        except BaseException:
            await application.shutdown()
            raise
        deps.bots[(CHANNEL, str(me.id))] = BotInfo(row.id, me.username or "", CHANNEL)
        self._telegram_fetch[row.id] = telegram_fetch(me)
        self.health.serve(f"{CHANNEL}:{me.id}")
        deps.activities[(CHANNEL, str(me.id))] = channel.show_activity
        return channel, worker, ProgressReporter(self.database, row.id, worker.sender, self.clock)

    async def _receive_telegram(self, channel: TelegramChannel, secret: str) -> None:
        settings, application = self.settings, channel.application
        me = application.bot
        if settings.webhook_mode:
            if not secret:
                raise SettingsError("webhook mode needs WEBHOOK_SECRET for the registered Telegram bots")
            self.webhooks[channel.bot_id] = (channel, secret)
            url = settings.webhook_base_url.rstrip("/") + webhook_path(str(me.id))
            await me.set_webhook(url=url, secret_token=secret)
            log.info("webhook mode: bot @%s, path %s", me.username, webhook_path(str(me.id)))
        else:
            await me.delete_webhook()
            await application.updater.start_polling(poll_interval=0.0, timeout=10)
            log.info("polling mode: bot @%s", me.username)

    async def _stop_telegram(self, channel: TelegramChannel, external_id: str) -> None:
        """Stop receiving first, let updates in hand finish, then forget the bot."""
        self.webhooks.pop(channel.bot_id, None)
        application = channel.application
        if application.updater and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        self.deps.bots.pop((CHANNEL, external_id), None)
        self.deps.activities.pop((CHANNEL, external_id), None)
        self.health.forget(f"{CHANNEL}:{external_id}")

    async def _start_web(self) -> None:
        """Polling mode has no Telegram route at all: updates come only from getUpdates."""
        settings = self.settings
        self.health.max_outbox_lag = settings.health_max_outbox_lag_seconds
        app = build_web_app(self.database, self.webhooks, self.zalo, self.health,
                            telegram_webhooks=settings.webhook_mode and bool(secret_value(settings.webhook_secret)),
                            zalo_bot_webhooks=settings.webhook_mode,
                            public_url=settings.public_base_url or settings.webhook_base_url)
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
        if self.fleet is not None:
            await self.fleet.stop_all()
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
            collector.settle()  # what start-up built, out of the collector's sight
            await asyncio.Event().wait()
        finally:
            await self.stop()
