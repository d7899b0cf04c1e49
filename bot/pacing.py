"""Client-side pacing for one channel: an overall rate, a gap per chat and per group, and 429 pauses."""
from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass
from typing import Awaitable, Callable

Reserve = Callable[[], Awaitable[list[float]]]


@dataclass(frozen=True)
class ChannelLimits:
    """How fast one bot may send on a channel. Telegram's defaults are in bot/telegram/sender.py."""

    per_second: float = 29.0  # overall; a little under the platform's limit leaves room for direct replies
    chat_interval: float = 1.0  # seconds between two messages to one private chat
    group_interval: float = 3.0  # seconds between two messages to one group (20 a minute)
    in_flight: int = 16  # sends awaiting the platform's answer at once
    global_after: int = 3  # this many different chats refused with 429 within a second pause the whole bot


class Pacer:
    """Decides when a chat may next be sent to; pauses a chat, or everything, after a 429."""

    def __init__(self, limits: ChannelLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits, self.clock = limits, clock
        self._next_chat: dict[str, float] = {}
        self._paused_until = 0.0
        self._slots: deque[float] = deque()
        self._refusals: deque[tuple[float, str]] = deque()
        self._booking: asyncio.Task | None = None
        self._low_water = max(2, int(limits.per_second / 4))  # book ahead with about 0.25 s of slots left

    def ready_at(self, chat_id: str) -> float:
        """The earliest time a message to this chat may go out."""
        return max(self._next_chat.get(chat_id, 0.0), self._paused_until)

    async def take(self, reserve: Reserve) -> None:
        """Wait for the next reserved send slot (slots keep the overall rate across workers) and any pause.

        `reserve` books more slots (monotonic times) on the shared schedule; the next booking is made in the
        background while a few slots are left, so the booking's round trip never leaves a hole in the schedule. A
        slot missed by more than one gap, or falling in a pause, is dropped rather than bunched with the next.
        """
        late = max(1 / self.limits.per_second, 0.1)  # a little lateness is the round trip of booking, not a gap
        while True:
            now = self.clock()
            while self._slots and self._slots[0] < max(now - late, self._paused_until):
                self._slots.popleft()
            if not self._slots:
                if self._booking is not None:
                    await asyncio.shield(self._booking)
                else:
                    self._slots.extend(await reserve())
                continue
            if len(self._slots) <= self._low_water and self._booking is None:
                self._booking = asyncio.create_task(self._book(reserve))
            if self._slots[0] <= now:
                self._slots.popleft()
                return
            await asyncio.sleep(self._slots[0] - now)

    async def _book(self, reserve: Reserve) -> None:
        """Later slots are booked after earlier ones on the shared schedule, so the deque stays in order."""
        try:
            self._slots.extend(await reserve())
        except Exception:  # the next take() books inline and reports it
            pass
        finally:
            self._booking = None

    def sent_to(self, chat_id: str, is_group: bool) -> None:
        gap = self.limits.group_interval if is_group else self.limits.chat_interval
        self._next_chat[chat_id] = self.clock() + gap
        if len(self._next_chat) > 50_000:  # forget chats whose gap has long passed
            now = self.clock()
            self._next_chat = {chat: at for chat, at in self._next_chat.items() if at > now}

    def refused(self, chat_id: str, retry_after: float) -> None:
        """A 429: pause this chat; if several chats are refused at once the overall limit was hit, pause all."""
        now = self.clock()
        self._next_chat[chat_id] = max(self._next_chat.get(chat_id, 0.0), now + retry_after)
        self._refusals.append((now, chat_id))
        while self._refusals and self._refusals[0][0] < now - 1.0:
            self._refusals.popleft()
        if len({chat for _, chat in self._refusals}) >= self.limits.global_after:
            self._paused_until = max(self._paused_until, now + retry_after)
