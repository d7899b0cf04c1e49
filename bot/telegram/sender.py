"""Sends outbox payloads through PTB, mapping Telegram's errors to the worker's outcomes."""
from __future__ import annotations

from typing import Any

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.outbox import PermanentFailure, RetryLater, Unreachable
from bot.telegram.render import outbox_calls


class TelegramSender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: str, payload: dict[str, Any]) -> str:
        message_id = ""
        try:
            for call in outbox_calls(payload, chat_id):
                message = await getattr(self.bot, call.method)(**call.kwargs)
                message_id = str(message.message_id)
        except Forbidden as error:
            raise Unreachable(str(error)) from error
        except RetryAfter as error:
            delay = error.retry_after.total_seconds() if hasattr(error.retry_after, "total_seconds") \
                else float(error.retry_after)
            raise RetryLater(str(error), delay) from error
        except ChatMigrated as error:
            raise RetryLater(f"chat migrated to {error.new_chat_id}", 1.0) from error
        except BadRequest as error:  # before NetworkError, its base class in PTB
            if "chat not found" in str(error).lower():
                raise Unreachable(str(error)) from error
            raise PermanentFailure(str(error)) from error
        except (TimedOut, NetworkError) as error:
            raise RetryLater(str(error), 2.0) from error
        return message_id
