"""Bot API methods about the bot itself: identity, updates, webhook, files, commands, menu."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urlsplit

from .errors import bad_request, conflict
from .media import MAX_DOWNLOAD_BYTES
from .spec import Call
from .state import BotState, Webhook
from .world import World

WEBHOOK_ACTIVE = "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
OTHER_POLLER = "terminated by other getUpdates request; make sure that only one bot instance is running"
_SECRET = re.compile(r"^[A-Za-z0-9_-]*$")
_COMMAND = re.compile(r"^[a-z0-9_]+$")
_LANGUAGE = re.compile(r"^([a-z]{2})?$")
_SCOPES = {
    "default": (), "all_private_chats": (), "all_group_chats": (),
    "all_chat_administrators": (), "chat": ("chat_id",),
    "chat_administrators": ("chat_id",), "chat_member": ("chat_id", "user_id"),
}


async def get_me(world: World, bot: BotState, call: Call) -> dict:
    return bot.user


async def get_updates(world: World, bot: BotState, call: Call) -> list[dict]:
    """Pending updates; with a timeout, waits until one arrives (long polling)."""
    if bot.webhook:
        raise conflict(WEBHOOK_ACTIVE)
    queue = bot.updates
    bot.poller += 1
    me = bot.poller
    queue.changed.notify()  # an older long poll wakes up and ends with 409
    if call.get("allowed_updates") is not None:
        queue.allowed = list(call["allowed_updates"])
    queue.confirm(call.get("offset"))
    limit = min(max(call.get("limit", 100), 1), 100)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(0, call.get("timeout", 0))
    while True:
        if bot.poller != me:
            raise conflict(OTHER_POLLER)
        if bot.webhook:
            raise conflict(WEBHOOK_ACTIVE)
        batch = queue.take(limit)
        remaining = deadline - loop.time()
        if batch or remaining <= 0 or world.closing:
            return batch
        await queue.changed.wait(remaining)


async def set_webhook(world: World, bot: BotState, call: Call) -> bool:
    url = call["url"].strip()
    if not url:
        return await delete_webhook(world, bot, call)
    _check_webhook_url(url)
    secret = call.get("secret_token") or None
    if secret is not None and len(secret) > 256:
        raise bad_request("secret token is too long")
    if secret is not None and not _SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    if call.get("allowed_updates") is not None:
        bot.updates.allowed = list(call["allowed_updates"])
    if call.get("drop_pending_updates"):
        bot.updates.clear()
    bot.webhook = Webhook(url, secret, call.get("max_connections", 40))
    world.on_webhook_change(bot)
    bot.updates.changed.notify()  # a waiting getUpdates ends with 409
    return True


def _check_webhook_url(url: str) -> None:
    # Unlike Telegram, plain http and any port are allowed: tests listen on localhost.
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if not parts.hostname:
        raise bad_request("bad webhook: Failed to resolve host: Name or service not known")


async def delete_webhook(world: World, bot: BotState, call: Call) -> bool:
    if call.get("drop_pending_updates"):
        bot.updates.clear()
    if bot.webhook is not None:
        bot.webhook = None
        world.on_webhook_change(bot)
    return True


async def get_webhook_info(world: World, bot: BotState, call: Call) -> dict:
    info = {"url": "", "has_custom_certificate": False, "pending_update_count": len(bot.updates)}
    hook = bot.webhook
    if hook is None:
        return info
    info.update(url=hook.url, max_connections=hook.max_connections, ip_address="127.0.0.1")
    if bot.updates.allowed:
        info["allowed_updates"] = bot.updates.allowed
    if hook.last_error_date:
        info.update(last_error_date=hook.last_error_date, last_error_message=hook.last_error_message)
    return info


async def get_file(world: World, bot: BotState, call: Call) -> dict:
    stored = bot.files.get(call["file_id"].strip())
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.data) > MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return stored.as_file()


async def set_my_commands(world: World, bot: BotState, call: Call) -> bool:
    commands = [_checked_command(command) for command in call["commands"]]
    if len(commands) > 100:
        raise bad_request("too many commands")
    key = command_key(world, bot, call.get("scope"), call.get("language_code", ""))
    if commands:
        bot.commands[key] = commands
    else:
        bot.commands.pop(key, None)
    return True


async def delete_my_commands(world: World, bot: BotState, call: Call) -> bool:
    bot.commands.pop(command_key(world, bot, call.get("scope"), call.get("language_code", "")), None)
    return True


async def get_my_commands(world: World, bot: BotState, call: Call) -> list[dict]:
    key = command_key(world, bot, call.get("scope"), call.get("language_code", ""))
    return bot.commands.get(key, [])


def _checked_command(command: object) -> dict:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand JSON object")
    name = str(command.get("command") or "").strip().removeprefix("/")
    description = str(command.get("description") or "").strip()
    if not name:
        raise bad_request("command must be non-empty")
    if len(name) > 32:
        raise bad_request("command length must not exceed 32")
    if not _COMMAND.match(name):
        raise bad_request("BOT_COMMAND_INVALID")
    if not description:
        raise bad_request("command description must be non-empty")
    if len(description) > 256:
        raise bad_request("command description length must not exceed 256")
    return {"command": name, "description": description}


def command_key(world: World, bot: BotState, scope: dict | None, language_code: str) -> tuple:
    """(scope type, chat id, user id, language) under which commands are stored."""
    scope = scope or {"type": "default"}
    if not _LANGUAGE.match(language_code or ""):
        raise bad_request("invalid language code specified")
    kind = scope.get("type")
    if kind not in _SCOPES:
        raise bad_request("unsupported bot command scope type")
    ids: list[int | None] = [None, None]
    for index, name in enumerate(_SCOPES[kind]):
        if scope.get(name) is None:
            raise bad_request(f"can't parse BotCommandScope JSON object: {name} is missing")
        ids[index] = _known_chat_id(bot, world, scope[name]) if index == 0 else int(scope[name])
    return (kind, *ids, language_code or "")


def _known_chat_id(bot: BotState, world: World, value: object) -> int:
    try:
        chat_id = int(value)
    except (TypeError, ValueError):
        raise bad_request("chat not found") from None
    if chat_id > 0 and chat_id in bot.started | bot.seen:
        return chat_id
    group = world.groups.get(chat_id)
    if chat_id < 0 and group is not None and group.has_bot(bot.token):
        return chat_id
    raise bad_request("chat not found")


async def set_chat_menu_button(world: World, bot: BotState, call: Call) -> bool:
    chat_id = call.get("chat_id")
    if chat_id is not None:
        world.target_chat(bot, chat_id)
    button = call.get("menu_button") or {"type": "default"}
    if button.get("type") not in ("commands", "web_app", "default"):
        raise bad_request("unsupported menu button type")
    bot.menu_buttons[chat_id] = button
    return True


async def get_chat_menu_button(world: World, bot: BotState, call: Call) -> dict:
    button = bot.menu_buttons.get(call.get("chat_id")) or bot.menu_buttons.get(None)
    if not button or button.get("type") == "default":
        return {"type": "commands"}
    return button


HANDLERS = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "getFile": get_file,
    "setMyCommands": set_my_commands,
    "deleteMyCommands": delete_my_commands,
    "getMyCommands": get_my_commands,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
}
