"""Words that depend on the messenger a person actually uses: its name, where its servers are, and how to reach the
assistant in a private chat. Pure."""
from __future__ import annotations

from handlers.conversation.i18n import Translator

TELEGRAM = "telegram"


def is_zalo(channel: str) -> bool:
    return channel.startswith("zalo")


def messenger(channel: str) -> str:
    """The messenger's name as people know it (both Zalo channels are "Zalo" to a resident)."""
    return "Zalo" if is_zalo(channel) else "Telegram"


def servers_line(channel: str, t: Translator) -> str:
    """Where what the person sends is stored by the messenger (Law 91/2025: say so before consent)."""
    if is_zalo(channel):
        return t("This chat runs on Zalo, whose servers are in Vietnam.")
    return t("This chat runs on Telegram, whose servers are outside Vietnam: what you send here is transferred "
             "abroad.")


def telegram_link(bot_username: str, start: str = "") -> str:
    """A t.me link to the bot, with a /start payload when given (deep links, QR codes)."""
    return f"https://t.me/{bot_username}?start={start}" if start else f"https://t.me/{bot_username}"


def private_chat_hint(channel: str, bot_name: str, t: Translator) -> str:
    """The reply in a group: where to write instead (Telegram has a link; Zalo has none, so name the bot)."""
    if is_zalo(channel):
        return t("Please write to me in a private chat: in Zalo, find “{bot}” and send me a message.").format(
            bot=bot_name)
    return t("Please write to me in a private chat: https://t.me/{bot}").format(bot=bot_name)
