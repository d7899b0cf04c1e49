"""The Zalo Bot Platform channel: updates in (webhook or polling), replies and outbox messages out."""
from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any, Awaitable, Callable

import aiohttp

from bot.direct import DirectReplies, Send
from bot.outbox import PermanentFailure, RateLimited, RetryLater, Unreachable
from bot.zalo.bot_api import ZaloBotClient, ZaloBotError
from bot.zalo.choices import Message, render_payload
from bot.zalo.conversation import TextConversation
from bot.zalo.limits import ZALO_BOT_LIMITS, TextOnlySender
from bot.zalo.parse import BOT_CHANNEL, parse_bot_update, unwrap
from handlers.conversation.i18n import translator

log = logging.getLogger(__name__)
QUOTA_RETRY_SECONDS = 60.0
ACTIVITY_SECONDS = 2.0  # a chat action is a courtesy: never hold the reply up longer than this for it
Remember = Callable[[str, list[dict[str, Any]]], Awaitable[None]]


class ZaloBotChannel:
    def __init__(self, client: ZaloBotClient, conversation: TextConversation, bot_id: str,
                 replies: DirectReplies) -> None:
        self.client, self.conversation, self.bot_id, self.replies = client, conversation, bot_id, replies

    async def process(self, body: Any) -> bool:
        """Handle one update body (wrapped or flat); False when it is not an update at all."""
        update = unwrap(body)
        if update is None:
            return False
        event = parse_bot_update(update, self.bot_id)
        if event is None:
            return True
        rendered = await self.conversation.process(event)
        await self.deliver(event.ref.chat_id, rendered.messages)
        return True

    async def deliver(self, chat_id: str, messages: list[Message]) -> None:
        """The replies in order; over the quota or in an outage they wait in the outbox (bot/direct.py)."""
        await self.replies.deliver(chat_id, [Send(partial(self._send, chat_id, m), partial(_payload, m))
                                             for m in messages])

    async def _send(self, chat_id: str, message: Message) -> None:
        try:
            await send(self.client, chat_id, message)
        except (ZaloBotError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise outbox_error(error) from error

    async def show_activity(self, chat_id: str, activity: str) -> None:
        """Zalo shows one activity, "typing", whatever the bot is making; best effort."""
        try:
            await asyncio.wait_for(self.client.send_chat_action(chat_id, "typing"), ACTIVITY_SECONDS)
        except (ZaloBotError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("chat action failed channel=%s chat=%s: %s", BOT_CHANNEL, chat_id, type(error).__name__)

    async def poll(self, stop: asyncio.Event, timeout: int = 30) -> None:
        """Long-poll getUpdates (one update per call) until stopped; errors back off and retry."""
        delay = 1.0
        while not stop.is_set():
            try:
                update = await self.client.get_updates(timeout)
                delay = 1.0
                if update is not None:
                    await self.process(update)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the loop must survive anything the network or a bug throws
                log.warning("getUpdates failed channel=%s: %s", BOT_CHANNEL, type(error).__name__)
                try:
                    await asyncio.wait_for(stop.wait(), delay)
                except asyncio.TimeoutError:
                    pass
                delay = min(delay * 2, 30.0)


async def send(client: ZaloBotClient, chat_id: str, message: Message) -> str:
    if message.photo_url:
        return await client.send_photo(chat_id, message.photo_url, message.text or None)
    return await client.send_message(chat_id, message.text)


def _payload(message: Message) -> dict[str, Any]:
    return {"text": _text(message)}


def _text(message: Message) -> str:
    return f"{message.text}\n{message.photo_url}".strip() if message.photo_url else message.text


def outbox_error(error: Exception) -> Exception:
    """The Bot Platform's errors → the outbox's vocabulary (429 is the monthly quota: waiting a minute is cheap)."""
    if not isinstance(error, ZaloBotError):
        return RetryLater(type(error).__name__, 2.0)
    if error.error_code == 429:
        return RateLimited(str(error), QUOTA_RETRY_SECONDS)
    if error.error_code in (403, 404):
        return Unreachable(str(error))
    if error.error_code >= 500:
        return RetryLater(str(error), 5.0)
    return PermanentFailure(str(error))


class ZaloBotSender(TextOnlySender):
    """Outbox payloads to Zalo Bot Platform chats, in the chat's language, with numbered options."""

    def __init__(self, client: ZaloBotClient, remember: Remember, language_of: Callable[[str], Awaitable[str]]):
        self.client, self.remember, self.language_of = client, remember, language_of
        self.limits = ZALO_BOT_LIMITS

    async def send(self, chat_id: str, payload: dict[str, Any]) -> str:
        rendered = render_payload(payload, translator(await self.language_of(chat_id)))
        message_id = ""
        try:
            for message in rendered.messages:
                message_id = await send(self.client, chat_id, message)
        except (ZaloBotError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise outbox_error(error) from error
        if rendered.choices:
            await self.remember(chat_id, rendered.choices)
        return message_id
