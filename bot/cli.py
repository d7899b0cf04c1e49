"""The `doithoai` command: sandbox, run, migrate, demo-data, commune add, village add, staff invite, backup, restore,
fake-telegram, fake-zalo."""
from __future__ import annotations

import argparse
import asyncio
import sys

from bot import backup_cli, communes_cli
from bot.config import Settings

NO_TOKEN = """No channel is configured: set TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN, or the ZALO_OA_* settings.

To run the bot on Telegram: create a bot with @BotFather, then
    export TELEGRAM_BOT_TOKEN=123456:ABC...      (or put it in .env, see .env.example)
    doithoai run

To try it without Telegram or a token, start the sandbox and open the address it prints:
    doithoai sandbox
It runs the real bot against a local Telegram server, with a demo commune, and a page in your
browser where you chat as a resident, a village head, the secretary, the chair or an officer.

For Zalo, see ZALO_* in .env.example; `doithoai fake-zalo` runs local Zalo servers.
"""
SANDBOX_PORT = 8000


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="doithoai", description="Đối thoại: dialogue sessions between a commune and its people")
    sub = p.add_subparsers(dest="command", required=True)
    sandbox = sub.add_parser("sandbox", help="try the bot offline: local Telegram, demo commune, chat page")
    sandbox.add_argument("--host", default="127.0.0.1", help="where the page listens (keep it local)")
    sandbox.add_argument("--port", type=int, default=SANDBOX_PORT)
    sub.add_parser("run", help="migrate the database, then serve the bot")
    sub.add_parser("migrate", help="bring the database schema to the latest version")
    sub.add_parser("demo-data", help="load a demo commune: villages, staff, an announced session, questions")
    sub.add_parser("deliver", help="run only the outbox worker (more delivery processes for one database)")
    communes_cli.add_parsers(sub)
    backup_cli.add_parsers(sub)
    staff = sub.add_parser("staff", help="manage staff").add_subparsers(dest="action", required=True)
    invite = staff.add_parser("invite", help="print a one-time invite link for a staff member")
    invite.add_argument("--commune", required=True, help="5-digit commune code")
    invite.add_argument("--role", required=True, help="chair, secretary, officer, village_head, admin or front (Fatherland Front)")
    invite.add_argument("--department", help="department code, for officers (e.g. dia-chinh)")
    invite.add_argument("--village", help="village name, for village heads")
    invite.add_argument("--bot-username", help="the bot's username (asked from Telegram when omitted)")
    fake = sub.add_parser("fake-telegram", help="run the local Telegram Bot API server")
    fake.add_argument("--host", default="127.0.0.1")
    fake.add_argument("--port", type=int, default=8081)
    fake.add_argument("--token", help="bot token to accept (default: TELEGRAM_BOT_TOKEN or 123456:LOCAL)")
    fake.add_argument("--username", default="doithoai_local_bot")
    fake_zalo = sub.add_parser("fake-zalo", help="run local Zalo servers: Bot Platform on --port, OA on --port+1")
    fake_zalo.add_argument("--host", default="127.0.0.1")
    fake_zalo.add_argument("--port", type=int, default=8091)
    fake_zalo.add_argument("--token", default="1234567890:LOCAL-zalo-bot-token")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings()
    from bot.logs import setup_logging

    setup_logging(settings.log_level, settings.secrets())
    try:
        return _run_loop(_commands[args.command](args, settings))
    except KeyboardInterrupt:
        return 0


def _run_loop(coroutine) -> int:
    """uvloop where it is installed (Linux, macOS): the same asyncio, with far less overhead per socket event."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


async def _run(args, settings: Settings) -> int:
    if not (settings.telegram_bot_token or settings.zalo_bot_token or settings.zalo_oa_enabled):
        print(NO_TOKEN, file=sys.stderr)
        return 2
    if settings.webhook_mode and settings.telegram_bot_token and not settings.webhook_secret:
        print("WEBHOOK_BASE_URL is set but WEBHOOK_SECRET is not; set both for webhook mode.", file=sys.stderr)
        return 2
    from bot.app import BotApp, open_database

    opened = await open_database(settings)
    try:
        await BotApp(settings, opened.database).run_forever()
    finally:
        await opened.database.dispose()
    return 0


async def _deliver(args, settings: Settings) -> int:
    if not settings.telegram_bot_token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.app import deliver_forever, open_database

    opened = await open_database(settings)
    try:
        await deliver_forever(settings, opened.database)
    finally:
        await opened.database.dispose()
    return 0


async def _migrate(args, settings: Settings) -> int:
    from bot.app import open_database

    opened = await open_database(settings)
    await opened.database.dispose()
    print("Database is at the latest schema.")
    return 0


async def _with_database(settings: Settings, action, migrate: bool = True) -> int:
    from bot.admin import AdminError
    from bot.app import open_database

    opened = await open_database(settings, run_migrations=migrate)
    try:
        print(await action(opened.database))
        return 0
    except AdminError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        await opened.database.dispose()


async def _demo_data(args, settings: Settings) -> int:
    from bot.sandbox.demo import load_demo_data

    return await _with_database(settings, load_demo_data)


async def _sandbox(args, settings: Settings) -> int:
    from bot.app import open_database
    from bot.sandbox.runner import running_sandbox

    sandbox_settings = settings.model_copy(update={"data_dir": settings.data_dir / "sandbox"})
    opened = await open_database(sandbox_settings)
    try:
        async with running_sandbox(settings, opened.database, args.host, args.port) as address:
            print(f"\nĐối thoại sandbox is ready. Open {address} in your browser (Ctrl+C stops it).\n", flush=True)
            await asyncio.Event().wait()
    except OSError as error:  # most often the port is taken by another program
        print(f"Could not start the sandbox on {args.host}:{args.port}: {error.strerror or error}. "
              "Try another port with --port.", file=sys.stderr)
        return 1
    finally:
        await opened.database.dispose()
    return 0


async def _staff(args, settings: Settings) -> int:
    from bot.admin import invite_staff

    username = args.bot_username or await _bot_username(settings)
    if not username:
        print("Give --bot-username, or set TELEGRAM_BOT_TOKEN so the bot's username can be asked.", file=sys.stderr)
        return 2
    return await _with_database(settings, lambda db: invite_staff(db, args.commune, args.role, args.department,
                                                                  args.village, username))


async def _bot_username(settings: Settings) -> str:
    if not settings.telegram_bot_token:
        return ""
    from telegram import Bot

    base_url, file_url = settings.telegram_urls()
    async with Bot(settings.telegram_bot_token.get_secret_value(), base_url=base_url, base_file_url=file_url) as bot:
        return bot.username or ""


async def _fake_telegram(args, settings: Settings) -> int:
    from bot.fake_telegram import FakeTelegram

    token = args.token or (settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token
                           else "123456:LOCAL")
    server = FakeTelegram()
    server.add_bot(token, args.username)
    await server.start(host=args.host, port=args.port)
    print(f"Local Telegram Bot API server on {server.url} (bot @{args.username}); Ctrl+C stops it.")
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()
    return 0


async def _fake_zalo(args, settings: Settings) -> int:
    from bot.fake_zalo import FakeZaloBot, FakeZaloOA

    bot_server = FakeZaloBot()
    bot_server.add_bot(args.token)
    app_id = settings.zalo_oa_app_id or "1000000000000000001"
    secret = settings.zalo_oa_secret_key.get_secret_value() if settings.zalo_oa_secret_key else "local-oa-secret"
    oa_server = FakeZaloOA(app_id, secret)
    await bot_server.start(args.host, args.port)
    await oa_server.start(args.host, args.port + 1)
    print(f"Local Zalo Bot Platform on {bot_server.url} (ZALO_BOT_TOKEN={args.token}); Ctrl+C stops it.")
    print(f"Local Zalo OA API on {oa_server.url} (ZALO_OA_APP_ID={app_id}, "
          f"ZALO_OA_REFRESH_TOKEN={oa_server.issue_refresh_token()}).")
    try:
        await asyncio.Event().wait()
    finally:
        await bot_server.stop()
        await oa_server.stop()
    return 0


_commands = {"sandbox": _sandbox, "demo-data": _demo_data, "run": _run, "deliver": _deliver, "migrate": _migrate,
             "staff": _staff, "fake-telegram": _fake_telegram, "fake-zalo": _fake_zalo}
_commands.update(communes_cli.COMMANDS)
_commands.update(backup_cli.COMMANDS)

if __name__ == "__main__":
    sys.exit(main())
