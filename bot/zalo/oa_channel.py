"""The Zalo OA channel: signed webhook events in, consultation messages out, the 7-day window honoured."""
from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any, Awaitable, Callable

import aiohttp

from bot.direct import DirectReplies, Send
from bot.outbox import HoldUntilUserWrites, PermanentFailure, RateLimited, RetryLater, Unreachable
from bot.zalo.choices import Message, Rendered, render_payload
from bot.zalo.conversation import TextConversation
from bot.zalo.limits import ZALO_OA_LIMITS, TextOnlySender
from bot.zalo.oa_api import NOT_FOLLOWING, RATE_LIMITED, WINDOW_CLOSED, ZaloOAClient, ZaloOAError
from bot.zalo.oa_tokens import TokenKeeper
from bot.zalo.parse import parse_oa_event
from handlers.conversation.i18n import translator

log = logging.getLogger(__name__)
RATE_RETRY_SECONDS = 60.0
ZNS_CONTENT_CHARS = 400


class ZaloOAChannel:
    def __init__(self, client: ZaloOAClient, tokens: TokenKeeper, conversation: TextConversation,
                 replies: DirectReplies) -> None:
        self.client, self.tokens, self.conversation, self.replies = client, tokens, conversation, replies
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
        chat_id = event.ref.chat_id  # over the rate limit or in an outage the replies wait in the outbox
        await self.replies.deliver(chat_id, [Send(partial(self._send, chat_id, m), partial(_payload, m))
                                             for m in rendered.messages])

    async def _send(self, chat_id: str, message: Message) -> None:
        try:
            await self.tokens.call(lambda token: self.client.send_text(token, chat_id, _text(message)))
        except ZaloOAError as error:
            refused = HoldUntilUserWrites(str(error)) if error.error == WINDOW_CLOSED else outbox_error(error)
            raise refused from error
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise outbox_error(error) from error


def _payload(message: Message) -> dict[str, Any]:
    return {"text": _text(message)}


def _text(message: Message) -> str:
    return f"{message.text}\n{message.photo_url}".strip() if message.photo_url else message.text


def outbox_error(error: Exception) -> Exception:
    """The OA's errors (other than the 7-day window) → the outbox's vocabulary."""
    if not isinstance(error, ZaloOAError):
        return RetryLater(type(error).__name__, 2.0)
    if error.error == RATE_LIMITED:
        return RateLimited(str(error), RATE_RETRY_SECONDS)
    if error.error == NOT_FOLLOWING:
        return Unreachable(str(error))
    return PermanentFailure(str(error))


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
            raise outbox_error(error) from error
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise outbox_error(error) from error
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
