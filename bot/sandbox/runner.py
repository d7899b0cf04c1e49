"""`doithoai sandbox`: database, local Bot API server, the real bot and the page, in one process."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

from aiohttp import web

from bot.app import BotApp
from bot.env import SecretStr
from bot.config import Settings
from bot.sandbox.clock import ClockControl, SandboxClock
from bot.sandbox.demo import SANDBOX_BOT_USERNAME, SANDBOX_TOKEN, database_is_empty, load_demo_data
from bot.sandbox.sandbox import Sandbox
from bot.sandbox.web import build_sandbox_app
from fakes.telegram import FakeTelegram
from handlers.conversation.i18n import translator
from handlers.dispatch import command_menu
from storage.db import Database
from storage.embedded import EmbeddedPostgres

log = logging.getLogger(__name__)
BOT_NAME = "Trợ lý đối thoại"


def bot_settings(settings: Settings, api_url: str) -> Settings:
    """The real bot's settings, pointed at the local server; its own web server on a free local port."""
    return settings.model_copy(update={
        "telegram_bot_token": SecretStr(SANDBOX_TOKEN), "telegram_api_base_url": api_url,
        "webhook_base_url": "", "webhook_secret": None, "host": "127.0.0.1", "port": 0,
        "outbox_poll_seconds": min(settings.outbox_poll_seconds, 0.5)})


@asynccontextmanager
async def running_sandbox(settings: Settings, database: Database, host: str = "127.0.0.1", port: int = 0,
                          embedded: EmbeddedPostgres | None = None) -> AsyncIterator[str]:
    """Everything up; yields the page's address. Demo data is loaded into an empty database; an embedded
    server is watched (restarted if it dies) while the sandbox runs."""
    if await database_is_empty(database):
        log.info("empty database: loading demo data")
        await load_demo_data(database)
    fake = FakeTelegram()
    await fake.start()
    fake.add_bot(SANDBOX_TOKEN, SANDBOX_BOT_USERNAME, BOT_NAME)
    clock = SandboxClock()  # the page moves it forward; only here
    bot = BotApp(bot_settings(settings, fake.url), database, clock=clock, embedded=embedded)
    runner: web.AppRunner | None = None
    try:
        await bot.start()
        sandbox = Sandbox(fake, database)
        await sandbox.sync()
        await _staff_menus(bot, sandbox)
        runner = web.AppRunner(build_sandbox_app(sandbox, ClockControl(clock, bot.run_reminders)), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        bound_port = runner.addresses[0][1]
        yield f"http://{host}:{bound_port}/"
    finally:
        if runner is not None:
            await runner.cleanup()
        await bot.stop()
        await fake.stop()


async def _staff_menus(bot: BotApp, sandbox: Sandbox) -> None:
    """Staff loaded as demo data never went through the invite, so give their chats the staff menu here."""
    for persona in sandbox.personas.values():
        if persona.roles:
            menu = command_menu(set(persona.roles), translator(persona.language))
            await bot.channel.set_chat_menu(str(persona.user_id), menu)
