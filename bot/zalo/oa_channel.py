"""The Zalo OA channel: signed webhook events in, consultation messages out, the 7-day window honoured."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

import aiohttp

from bot.outbox import HoldUntilUserWrites, PermanentFailure, RateLimited, RetryLater, Unreachable
from bot.zalo.choices import Message, Rendered, render_payload
from bot.zalo.conversation import TextConversation
from bot.zalo.limits import ZALO_OA_LIMITS, TextOnlySender
from bot.zalo.oa_api import NOT_FOLLOWING, RATE_LIMITED, WINDOW_CLOSED, ZaloOAClient, ZaloOAError
from bot.zalo.oa_tokens import TokenKeeper
from bot.zalo.parse import OA_CHANNEL, parse_oa_event
from handlers.i18n import translator

log = logging.getLogger(__name__)
RATE_RETRY_SECONDS = 60.0
ZNS_CONTENT_CHARS = 400


class ZaloOAChannel:
    def __init__(self, client: ZaloOAClient, tokens: TokenKeeper, conversation: TextConversation) -> None:
        self.client, self.tokens, self.conversation = client, tokens, conversation
        self._tasks: set[asyncio.Task] = set()

    def accept(self, body: dict[str, Any]) -> None:
        """Take a verified event and process it in the background: Zalo wants its answer within 2 seconds."""
        task = asyncio.create_task(self.process(body))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def process(self, body: dict[str, Any]) -> None:
        event = parse_oa_event(body, self.client.app_id)
        if event is None:
            return
        rendered = await self.conversation.process(event)
        for message in rendered.messages:
            try:
                await self.tokens.call(lambda token, m=message: self.client.send_text(token, event.ref.chat_id,
                                                                                       _text(m)))
            except (ZaloOAError, aiohttp.ClientError, asyncio.TimeoutError) as error:
                log.warning("reply failed channel=%s chat=%s: %s", OA_CHANNEL, event.ref.chat_id, error)
                return


def _text(message: Message) -> str:
    return f"{message.text}\n{message.photo_url}".strip() if message.photo_url else message.text


class ZaloOASender(TextOnlySender):
    """Outbox payloads as consultation messages; outside the window, ZNS where configured, otherwise held."""

    def __init__(self, client: ZaloOAClient, tokens: TokenKeeper, zns_templates: dict[str, str],
                 remember: Callable[[str, list[dict[str, Any]]], Awaitable[None]],
                 language_of: Callable[[str], Awaitable[str]], phone_of: Callable[[str], Awaitable[str | None]]):
        self.client, self.tokens, self.zns_templates = client, tokens, zns_templates
        self.remember, self.language_of, self.phone_of = remember, language_of, phone_of
        self.limits = ZALO_OA_LIMITS

    async def send(self, chat_id: str, payload: dict[str, Any]) -> str:
        rendered = render_payload(payload, translator(await self.language_of(chat_id)))
        try:
            message_id = await self._send_all(chat_id, rendered)
        except ZaloOAError as error:
            if error.error == WINDOW_CLOSED:
                return await self._outside_window(chat_id, payload, error)
            if error.error == RATE_LIMITED:
                raise RateLimited(str(error), RATE_RETRY_SECONDS) from error
            if error.error == NOT_FOLLOWING:
                raise Unreachable(str(error)) from error
            raise PermanentFailure(str(error)) from error
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RetryLater(type(error).__name__, 2.0) from error
        if rendered.choices:
            await self.remember(chat_id, rendered.choices)
        return message_id

    async def _send_all(self, chat_id: str, rendered: Rendered) -> str:
        message_id = ""
        for message in rendered.messages:
            message_id = await self.tokens.call(
                lambda token, m=message: self.client.send_text(token, chat_id, _text(m)))
        return message_id

    async def _outside_window(self, chat_id: str, payload: dict[str, Any], error: ZaloOAError) -> str:
        template = self.zns_templates.get(str(payload.get("kind", "")))
        phone = await self.phone_of(chat_id) if template else None
        if not template or not phone:
            raise HoldUntilUserWrites(str(error)) from error
        data = {"content": str(payload.get("text", ""))[:ZNS_CONTENT_CHARS]}
        tracking = f"{payload.get('kind', '')}:{chat_id}"[:48]
        try:
            msg_id = await self.tokens.call(lambda token: self.client.send_zns(
                token, phone.lstrip("+"), template, data, tracking))
        except ZaloOAError as zns_error:
            log.warning("zns failed chat=%s: %s; holding", chat_id, zns_error.error)
            raise HoldUntilUserWrites(str(zns_error)) from zns_error
        return f"zns:{msg_id}"
