"""Telegram's flood limits on sending, as token buckets.

About 30 messages a second per bot, one a second per chat (a short burst of 3 is let
through) and 20 a minute per group. Over a limit, the call fails with 429 and retry_after.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable

from .errors import too_many_requests


@dataclass
class Bucket:
    capacity: float
    per_second: float
    tokens: float
    stamp: float

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now

    def wait(self) -> float:
        """Seconds until one token is there (0 if one is there now)."""
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.per_second


@dataclass(frozen=True)
class Limits:
    overall_per_second: float = 30
    chat_per_second: float = 1
    chat_burst: float = 3
    group_per_minute: float = 20


class FloodControl:
    """Decides whether a bot may send to a chat now."""

    def __init__(self, limits: Limits = Limits(), clock: Callable[[], float] = time.monotonic):
        self.limits = limits
        self.clock = clock
        self._buckets: dict[tuple, Bucket] = {}
        self.refusals = 0

    def check(self, token: str, chat_id: int, is_group: bool) -> None:
        """Take one send from every bucket that applies, or raise 429 taking none."""
        now = self.clock()
        buckets = self._buckets_for(token, chat_id, is_group, now)
        for bucket in buckets:
            bucket.refill(now)
        wait = max(bucket.wait() for bucket in buckets)
        if wait > 0:
            self.refusals += 1
            raise too_many_requests(max(1, math.ceil(wait)))
        for bucket in buckets:
            bucket.tokens -= 1

    def _buckets_for(self, token: str, chat_id: int, is_group: bool, now: float) -> list[Bucket]:
        limits = self.limits
        wanted = [
            (("overall", token), limits.overall_per_second, limits.overall_per_second),
            (("chat", token, chat_id), limits.chat_burst, limits.chat_per_second),
        ]
        if is_group:
            wanted.append((("group", token, chat_id), limits.group_per_minute,
                           limits.group_per_minute / 60))
        return [self._bucket(key, capacity, rate, now) for key, capacity, rate in wanted]

    def _bucket(self, key: tuple, capacity: float, rate: float, now: float) -> Bucket:
        if key not in self._buckets:
            self._buckets[key] = Bucket(capacity, rate, capacity, now)
        return self._buckets[key]
