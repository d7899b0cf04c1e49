"""Direct replies that are never lost: a short 429 or outage is waited out, anything longer hands the reply to the
paced outbox sender, which sends it when the platform allows, after whatever of that chat is already waiting there.

Each channel turns its platform's errors into the outbox's vocabulary (bot/outbox.py), so the rule is one for all:
429 with a wait up to `max_wait` → wait and retry; 5xx or network → retry after a short backoff; still failing,
or a longer wait → this reply and the ones after it become `delivery` rows of kind "reply" (in order). A recipient
who blocked the bot, or a reply the platform refuses for good, is logged and dropped, as a retry cannot help.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Awaitable, Callable, Sequence

from bot.outbox import ChatMoved, HoldUntilUserWrites, PermanentFailure, RateLimited, RetryLater, Unreachable, utcnow
from storage.db import Database

log = logging.getLogger(__name__)
HANDED_OVER_SECONDS = 2.0  # at least this long after a hand-over, a chat's later replies queue behind it


@dataclass(frozen=True)
class DirectPolicy:
    max_wait: float = 5.0  # the longest retry_after waited inline (DIRECT_REPLY_MAX_WAIT_SECONDS)
    attempts: int = 3  # tries of one message before it goes to the outbox
    backoff: float = 0.5  # the first wait after a 5xx or network error, doubled each time


@dataclass(frozen=True)
class Send:
    """One message of a reply: how to send it now, and how to make the outbox payload that sends it later."""

    run: Callable[[], Awaitable[Any]]
    payload: Callable[[], dict[str, Any]]  # only called when the message goes to the outbox


class DirectReplies:
    """Sends a chat's replies in order on one bot; what cannot go now is queued in the outbox, never dropped."""

    def __init__(self, database: Database, bot_row_id: int, channel: str, wake: Callable[[], None],
                 policy: DirectPolicy = DirectPolicy(), clock: Callable[[], datetime] = utcnow) -> None:
        self.database, self.bot_row_id, self.channel = database, bot_row_id, channel
        self.wake, self.policy, self.clock = wake, policy, clock
        self._queued_until: dict[str, float] = {}  # chat → until when its replies wait in the outbox (monotonic)

    async def deliver(self, chat_id: str, sends: Sequence[Send]) -> None:
        """Send in order; from the first message that cannot go now, the rest go to the outbox behind it."""
        for index, send in enumerate(sends):
            delay = self._waiting(chat_id)  # replies must not overtake one already waiting in the outbox
            if delay is None:
                delay = await self._attempt(chat_id, send)
            if delay is not None:
                await self._hand_over(chat_id, [s.payload() for s in sends[index:]], delay)
                return

    def _waiting(self, chat_id: str) -> float | None:
        until = self._queued_until.get(chat_id)
        if until is None:
            return None
        left = until - time.monotonic()
        if left <= 0:
            del self._queued_until[chat_id]
            return None
        return left

    async def _attempt(self, chat_id: str, send: Send) -> float | None:
        """None once sent (or refused for good); otherwise the delay after which the outbox should try."""
        policy = self.policy
        for attempt in range(policy.attempts):
            try:
                await send.run()
                return None
            except RateLimited as error:
                if error.delay > policy.max_wait or attempt == policy.attempts - 1:
                    return error.delay
                wait = error.delay
            except RetryLater as error:
                if attempt == policy.attempts - 1:
                    return error.delay
                wait = policy.backoff * 2 ** attempt
            except (ChatMoved, HoldUntilUserWrites):  # the outbox knows how to follow or hold it
                return 0.0
            except Unreachable:  # they blocked the bot: nothing to retry
                log.info("reply dropped, recipient unreachable channel=%s chat=%s", self.channel, chat_id)
                return None
            except PermanentFailure as error:  # the platform refuses this message for good: a bug to look at
                log.error("reply refused channel=%s chat=%s: %s", self.channel, chat_id, error)
                return None
            log.info("reply retry in %.1fs channel=%s chat=%s", wait, self.channel, chat_id)
            await asyncio.sleep(wait)
        return 0.0  # not reached: the last attempt returns

    async def _hand_over(self, chat_id: str, payloads: list[dict[str, Any]], delay: float) -> None:
        log.warning("reply queued in the outbox for %.1fs channel=%s chat=%s messages=%d", delay, self.channel,
                    chat_id, len(payloads))
        due = self.clock() + timedelta(seconds=delay)
        async with self.database.unit_of_work() as uow:
            await uow.repo.enqueue_many({"bot_id": self.bot_row_id, "channel": self.channel, "chat_id": chat_id,
                                         "kind": "reply", "payload": payload, "not_before": due}
                                        for payload in payloads)
            await uow.commit()
        until = time.monotonic() + max(delay, HANDED_OVER_SECONDS)  # the worker needs a moment to take them
        self._queued_until[chat_id] = max(self._queued_until.get(chat_id, 0.0), until)
        if len(self._queued_until) > 10_000:  # forget chats whose wait has passed
            now = time.monotonic()
            self._queued_until = {chat: at for chat, at in self._queued_until.items() if at > now}
        self.wake()
