"""Sends outbox payloads through PTB within Telegram's limits, mapping its errors to the worker's outcomes."""
from __future__ import annotations

import logging
import warnings
from typing import Any

from telegram import Bot, InputFile
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.outbox import ChatMoved, PermanentFailure, RateLimited, RetryLater, Unreachable
from bot.pacing import ChannelLimits
from bot.qr import qr_png
from bot.telegram.render import MAX_CAPTION, outbox_calls, payload_call

log = logging.getLogger(__name__)
# About 30 messages a second overall, 1 a second per chat, 20 a minute per group (core.telegram.org/bots/faq).
TELEGRAM_LIMITS = ChannelLimits(per_second=29.0, chat_interval=1.0, group_interval=3.0)


class TelegramSender:
    def __init__(self, bot: Bot, limits: ChannelLimits = TELEGRAM_LIMITS) -> None:
        self.bot, self.limits = bot, limits

    def is_group(self, chat_id: str) -> bool:
        return chat_id.startswith("-")

    async def send(self, chat_id: str, payload: dict[str, Any]) -> str:
        message = None
        with mapped_errors():
            if "call" in payload:  # a direct reply the platform refused at the time (bot/direct.py)
                call = payload_call(payload, chat_id)
                message = await getattr(self.bot, call.method)(**call.kwargs)
            elif "qr" in payload:
                photo = InputFile(qr_png(payload["qr"]), filename="qr.png")
                message = await self.bot.send_photo(chat_id, photo, caption=payload.get("caption", "")[:MAX_CAPTION])
            else:
                for call in outbox_calls(payload, chat_id):
                    message = await getattr(self.bot, call.method)(**call.kwargs)
        if payload.get("pin") and message is not None:
            await self._pin(chat_id, message.message_id)
        return str(message.message_id) if message is not None else ""

    async def edit(self, chat_id: str, message_id: str, payload: dict[str, Any]) -> None:
        with mapped_errors():
            try:
                await self.bot.edit_message_text(payload["text"], chat_id=chat_id, message_id=int(message_id))
            except BadRequest as error:
                if "not modified" not in str(error).lower():
                    raise

    async def _pin(self, chat_id: str, message_id: int) -> None:
        """Pin where the bot may; a group that gave no pin rights still got the message."""
        try:
            await self.bot.pin_chat_message(chat_id, message_id, disable_notification=True)
        except (BadRequest, Forbidden) as error:
            log.info("pin skipped chat=%s: %s", chat_id, error)


class mapped_errors:
    """Telegram's errors → the outbox's vocabulary (also for direct replies, bot/direct.py)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, traceback: Any) -> bool:
        if error is None or not isinstance(error, Exception):
            return False
        if isinstance(error, Forbidden):
            raise Unreachable(str(error)) from error
        if isinstance(error, RetryAfter):
            raise RateLimited(str(error), retry_seconds(error)) from error
        if isinstance(error, ChatMigrated):
            raise ChatMoved(str(error), str(error.new_chat_id)) from error
        if isinstance(error, BadRequest):  # before NetworkError, its base class in PTB
            if "chat not found" in str(error).lower():
                raise Unreachable(str(error)) from error
            raise PermanentFailure(str(error)) from error
        if isinstance(error, (TimedOut, NetworkError)):
            raise RetryLater(str(error), 2.0) from error
        return False


def retry_seconds(error: RetryAfter) -> float:
    """retry_after in seconds, whether PTB gives an int (22.x default) or a timedelta (PTB_TIMEDELTA)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB warns that the int will become a timedelta; both are handled
        value = error.retry_after
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)
