"""`doithoai bot add|list|remove|rotate-token`: the registry of the deployment's bots (bot/registry.py)."""
from __future__ import annotations

import sys

from bot.cli_database import cli_actor, with_database
from bot.config import secret_value


def add_parsers(sub) -> None:
    bots = sub.add_parser("bot", help="manage the bots of this deployment (one per commune or group of communes)")
    actions = bots.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="register a bot for one or more communes (its token stored encrypted)")
    add.add_argument("--channel", required=True, choices=("telegram", "zalo_bot"))
    add.add_argument("--token", required=True, help="the bot's token; '-' reads it from standard input")
    add.add_argument("--commune", action="append", default=[], required=True,
                     help="5-digit code of a commune it serves; repeat for each")
    actions.add_parser("list", help="list the registered bots and their communes (never their tokens)")
    remove = actions.add_parser("remove", help="stop serving a bot and delete its token (audited)")
    remove.add_argument("--bot", required=True, type=int, help="the id from 'doithoai bot list'")
    rotate = actions.add_parser("rotate-token", help="store a bot's new token (after revoking the old one)")
    rotate.add_argument("--bot", required=True, type=int, help="the id from 'doithoai bot list'")
    rotate.add_argument("--token", required=True, help="the new token; '-' reads it from standard input")


def _token(value: str) -> str:
    return sys.stdin.readline().strip() if value == "-" else value


async def bot_command(args, settings) -> int:
    from bot import registry

    keys = secret_value(settings.doithoai_secret_key)
    if args.action == "add":
        token = _token(args.token)
        return await with_database(settings, lambda db: registry.add_bot(db, keys, args.channel, token,
                                                                         args.commune, cli_actor()))
    if args.action == "list":
        return await with_database(settings, registry.list_bots)
    if args.action == "remove":
        return await with_database(settings, lambda db: registry.remove_bot(db, args.bot, cli_actor()))
    token = _token(args.token)
    return await with_database(settings, lambda db: registry.rotate_token(db, keys, args.bot, token, cli_actor()))


COMMANDS = {"bot": bot_command}
