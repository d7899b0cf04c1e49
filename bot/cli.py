"""The `doithoai` command: sandbox, run, migrate, demo-data, commune add, village add, staff invite|list|remove,
invite list|revoke, bot add|list|remove|rotate-token, backup, restore, secret-key, fake-telegram, fake-zalo."""
from __future__ import annotations

import argparse
import asyncio
import importlib
import sys

from bot import backup_cli, collector, communes_cli, policy_cli, registry_cli
from bot.cli_database import cli_actor, with_database
from bot.config import Settings, SettingsError, secret_value

NO_TOKEN = """No channel is configured: set TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN, or the ZALO_OA_* settings,
or register bots with `doithoai bot add --channel telegram --token … --commune CODE`.

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
# What a command imports before it serves, after bot.logs (bench/footprint.py times this path, tests/test_startup.py
# checks what it loads): `run` the whole bot, `deliver` only the outbox workers, no handler.
START_UP = {"run": ("bot.database", "bot.app"), "deliver": ("bot.database", "bot.deliver")}


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
    sub.add_parser("secret-key", help="print a new DOITHOAI_SECRET_KEY (encrypts tokens stored in the database)")
    communes_cli.add_parsers(sub)
    backup_cli.add_parsers(sub)
    policy_cli.add_parsers(sub)
    registry_cli.add_parsers(sub)
    _staff_commands(sub)
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


def _staff_commands(sub) -> None:
    """staff invite|list|remove and invite list|revoke."""
    staff = sub.add_parser("staff", help="manage staff").add_subparsers(dest="action", required=True)
    invite = staff.add_parser("invite", help="print a one-time invite for a staff member, for each channel")
    invite.add_argument("--commune", required=True, help="5-digit commune code")
    invite.add_argument("--role", required=True, help="chair, vice_chair, secretary, officer, village_head, admin, front (Fatherland Front), "
                             "council (People's Council), party (Party committee), support (support team) or "
                             "province (provincial officer)")
    invite.add_argument("--department", help="department code, for officers (e.g. kinh-te)")
    invite.add_argument("--village", help="village name, for village heads")
    invite.add_argument("--province", help="for the role province: the province's 2-digit code (default: the "
                                           "commune's), or 'all' for every commune served")
    invite.add_argument("--bot-username", help="the Telegram bot's username (asked from Telegram when omitted)")
    listing = staff.add_parser("list", help="list a commune's staff with their member numbers")
    listing.add_argument("--commune", required=True, help="5-digit commune code")
    remove = staff.add_parser("remove", help="take a staff role away (audited); the person is told")
    remove.add_argument("--commune", required=True, help="5-digit commune code")
    remove.add_argument("--member", required=True, type=int, help="the member number from 'doithoai staff list'")
    invites = sub.add_parser("invite", help="manage staff invites").add_subparsers(dest="action", required=True)
    invites.add_parser("list", help="list a commune's invites and their state").add_argument(
        "--commune", required=True, help="5-digit commune code")
    revoke = invites.add_parser("revoke", help="make an unused invite unusable (audited)")
    revoke.add_argument("--commune", required=True, help="5-digit commune code")
    revoke.add_argument("--invite", required=True, type=int, help="the invite number from 'doithoai invite list'")


def load_start_up(command: str) -> None:
    """Import what `command` serves with; a server's modules load without the garbage collector (bot/collector.py)."""
    if command not in START_UP:
        importlib.import_module("bot.logs")
        return
    with collector.loading():
        for name in ("bot.logs", *START_UP[command]):
            importlib.import_module(name)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings()
    except SettingsError as error:  # a value in the environment or .env that does not parse: say which
        print(error, file=sys.stderr)
        return 2
    load_start_up(args.command)
    from bot.logs import setup_logging

    setup_logging(settings.log_level, settings.secrets(), log_format=settings.log_format)
    try:
        return _run_loop(_commands[args.command](args, settings))
    except KeyboardInterrupt:
        return 0


def _run_loop(coroutine) -> int:
    """uvloop where it is installed (Linux, macOS): the same asyncio, with far less overhead per socket event."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(_until_sigterm(coroutine))
    return uvloop.run(_until_sigterm(coroutine))


async def _until_sigterm(coroutine) -> int:
    """SIGTERM (docker stop, systemd, kill) ends a command as Ctrl+C does: its clean-up runs, so the bot stops
    cleanly and an embedded PostgreSQL it started is stopped too."""
    import signal

    task = asyncio.current_task()
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    except NotImplementedError:  # Windows: no signal handlers in the event loop; Ctrl+C still works
        pass
    try:
        return await coroutine
    except asyncio.CancelledError:
        return 0


async def _run(args, settings: Settings) -> int:
    environment = settings.telegram_bot_token or settings.zalo_bot_token or settings.zalo_oa_enabled
    if not environment and not settings.database_url and not (settings.data_dir / "pgdata").exists():
        print(NO_TOKEN, file=sys.stderr)  # no database yet, so no registered bot either
        return 2
    if settings.problems():
        print("\n".join(settings.problems()), file=sys.stderr)
        return 2
    from bot.app import BotApp
    from bot.database import open_database
    from storage.secrets import SecretKeyError

    opened = await open_database(settings)
    try:
        if not (environment or await _registered_bots(opened.database)):
            print(NO_TOKEN, file=sys.stderr)
            return 2
        await BotApp(settings, opened.database, embedded=opened.embedded).run_forever()
    except SecretKeyError as error:  # e.g. the key cannot open the tokens stored with another one
        print(error, file=sys.stderr)
        return 2
    finally:
        await opened.close()
    return 0


async def _registered_bots(database) -> int:
    async with database.unit_of_work() as uow:
        return len(await uow.repo.registered_bots())


async def _deliver(args, settings: Settings) -> int:
    from bot.database import open_database
    from bot.deliver import deliver_forever
    from storage.secrets import SecretKeyError

    opened = await open_database(settings)
    try:
        if not (settings.telegram_bot_token or await _registered_bots(opened.database)):
            print(NO_TOKEN, file=sys.stderr)
            return 2
        await deliver_forever(settings, opened.database)
    except SecretKeyError as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        await opened.close()
    return 0


async def _migrate(args, settings: Settings) -> int:
    from bot.database import open_database

    opened = await open_database(settings)
    await opened.close()
    print("Database is at the latest schema.")
    return 0


async def _demo_data(args, settings: Settings) -> int:
    from bot.sandbox.demo import load_demo_data

    return await with_database(settings, load_demo_data)


async def _sandbox(args, settings: Settings) -> int:
    from bot.database import open_database
    from bot.sandbox.runner import running_sandbox

    sandbox_settings = settings.model_copy(update={"data_dir": settings.data_dir / "sandbox"})
    opened = await open_database(sandbox_settings)
    try:
        async with running_sandbox(settings, opened.database, args.host, args.port, opened.embedded) as address:
            print(f"\nĐối thoại sandbox is ready. Open {address} in your browser (Ctrl+C stops it).\n", flush=True)
            await asyncio.Event().wait()
    except OSError as error:  # most often the port is taken by another program
        print(f"Could not start the sandbox on {args.host}:{args.port}: {error.strerror or error}. "
              "Try another port with --port.", file=sys.stderr)
        return 1
    finally:
        await opened.close()
    return 0


async def _staff(args, settings: Settings) -> int:
    from bot.admin import invite_staff_on, list_staff, remove_staff

    if args.action == "list":
        return await with_database(settings, lambda db: list_staff(db, args.commune))
    if args.action == "remove":
        return await with_database(settings, lambda db: remove_staff(db, args.commune, args.member, _actor()))

    async def invite(db) -> str:
        registered = await _commune_bots(db, args.commune)  # the commune's own bot, when it has one
        username = args.bot_username or registered.get("telegram") or await _bot_username(settings)
        zalo = bool(settings.zalo_bot_token or settings.zalo_oa_enabled or "zalo_bot" in registered)
        return await invite_staff_on(db, args.commune, args.role, args.department, args.village, username, zalo,
                                     _actor(), args.province)

    return await with_database(settings, invite)


async def _invite(args, settings: Settings) -> int:
    from bot.admin import list_invites, revoke_invite

    if args.action == "list":
        return await with_database(settings, lambda db: list_invites(db, args.commune))
    return await with_database(settings, lambda db: revoke_invite(db, args.commune, args.invite, _actor()))


def _actor() -> str:
    return cli_actor()


async def _commune_bots(database, commune_code: str) -> dict[str, str]:
    """The commune's own registered bots (bot/registry.py): its staff join there, not on the deployment's."""
    async with database.unit_of_work() as uow:
        return await uow.repo.commune_bot_usernames(commune_code)


async def _bot_username(settings: Settings) -> str:
    if not settings.telegram_bot_token:
        return ""
    from telegram import Bot

    base_url, file_url = settings.telegram_urls()
    async with Bot(settings.telegram_bot_token.get_secret_value(), base_url=base_url, base_file_url=file_url) as bot:
        return bot.username or ""


async def _fake_telegram(args, settings: Settings) -> int:
    from fakes.telegram import FakeTelegram

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
    from fakes.zalo import FakeZaloBot, FakeZaloOA

    bot_server = FakeZaloBot()
    bot_server.add_bot(args.token)
    app_id = settings.zalo_oa_app_id or "1000000000000000001"
    app_secret = secret_value(settings.zalo_app_secret_key) or "local-app-secret"
    oa_secret = secret_value(settings.zalo_oa_secret_key) or "local-oa-secret"
    oa_server = FakeZaloOA(app_id, app_secret, oa_secret)
    await bot_server.start(args.host, args.port)
    await oa_server.start(args.host, args.port + 1)
    print(f"Local Zalo Bot Platform on {bot_server.url}; Ctrl+C stops it. Settings for the bot:\n"
          f"  ZALO_BOT_TOKEN={args.token} ZALO_API_BASE_URL={bot_server.url}")
    print(f"Local Zalo OA API on {oa_server.url}. Settings for the bot:\n  "
          + _oa_settings(settings, app_id, app_secret, oa_secret, oa_server.issue_refresh_token(), oa_server.url))
    try:
        await asyncio.Event().wait()
    finally:
        await bot_server.stop()
        await oa_server.stop()
    return 0


def _oa_settings(settings: Settings, app_id: str, app_secret: str, oa_secret: str, refresh: str, url: str) -> str:
    """The settings that point the bot at the local OA; a secret already in the environment is never echoed."""
    from storage.secrets import new_key

    def shown(name: str, value: str, local: bool) -> str:
        return f"{name}={value}" if local else f"{name}=(as already set)"

    return (f"ZALO_OA_APP_ID={app_id} {shown('ZALO_APP_SECRET_KEY', app_secret, not settings.zalo_app_secret_key)} "
            f"{shown('ZALO_OA_SECRET_KEY', oa_secret, not settings.zalo_oa_secret_key)}\n"
            f"  ZALO_OA_REFRESH_TOKEN={refresh} ZALO_OA_OAUTH_URL={url} ZALO_OA_API_URL={url} ZALO_ZNS_API_URL={url}\n"
            f"  {shown('DOITHOAI_SECRET_KEY', new_key(), not settings.doithoai_secret_key)}")


async def _secret_key(args, settings: Settings) -> int:
    from storage.secrets import new_key

    print(new_key())
    return 0


_commands = {"secret-key": _secret_key,
             "sandbox": _sandbox, "demo-data": _demo_data, "run": _run, "deliver": _deliver, "migrate": _migrate,
             "staff": _staff, "invite": _invite,
             "fake-telegram": _fake_telegram, "fake-zalo": _fake_zalo}
_commands.update(communes_cli.COMMANDS)
_commands.update(backup_cli.COMMANDS)
_commands.update(policy_cli.COMMANDS)
_commands.update(registry_cli.COMMANDS)

if __name__ == "__main__":
    sys.exit(main())
