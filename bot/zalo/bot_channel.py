"""The Zalo Bot Platform channel: updates in (webhook or polling), replies and outbox messages out."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

import aiohttp

from bot.outbox import PermanentFailure, RateLimited, RetryLater, Unreachable
from bot.zalo.bot_api import ZaloBotClient, ZaloBotError
from bot.zalo.choices import Message, render_payload
from bot.zalo.conversation import TextConversation
from bot.zalo.limits import ZALO_BOT_LIMITS, TextOnlySender
from bot.zalo.parse import BOT_CHANNEL, parse_bot_update, unwrap
from handlers.i18n import translator

log = logging.getLogger(__name__)
QUOTA_RETRY_SECONDS = 60.0
ACTIVITY_SECONDS = 2.0  # a chat action is a courtesy: never hold the reply up longer than this for it
Remember = Callable[[str, list[dict[str, Any]]], Awaitable[None]]


class ZaloBotChannel:
    def __init__(self, client: ZaloBotClient, conversation: TextConversation, bot_id: str) -> None:
        self.client, self.conversation, self.bot_id = client, conversation, bot_id

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
        for message in messages:
            try:
                await send(self.client, chat_id, message)
            except (ZaloBotError, aiohttp.ClientError, asyncio.TimeoutError) as error:
                log.warning("reply failed channel=%s chat=%s: %s", BOT_CHANNEL, chat_id, type(error).__name__)
                return

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
        except ZaloBotError as error:
            if error.error_code == 429:
                raise RateLimited(str(error), QUOTA_RETRY_SECONDS) from error
            if error.error_code in (403, 404):
                raise Unreachable(str(error)) from error
            if error.error_code >= 500:
                raise RetryLater(str(error), 5.0) from error
            raise PermanentFailure(str(error)) from error
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RetryLater(type(error).__name__, 2.0) from error
        if rendered.choices:
            await self.remember(chat_id, rendered.choices)
        return message_id
