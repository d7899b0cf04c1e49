"""Limits on typing /link codes, so an 8-digit code cannot be guessed: per account and per bot, with a longer
lock-out after many wrong codes in a day. Pure: the caller passes the recent failures and the time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

DAY = timedelta(days=1)


@dataclass(frozen=True)
class LinkLimits:
    per_account: int = 5  # wrong codes per account within the window
    window: timedelta = timedelta(minutes=15)
    per_account_day: int = 20  # then the account waits a day (the back-off)
    per_bot: int = 100  # wrong codes from everyone on one bot within the window


def retry_at(account_failures: list[datetime], bot_failures: list[datetime], now: datetime,
             limits: LinkLimits) -> datetime | None:
    """When this account may type a code again; None when it may now. Failures are newest first.

    With 8 digits and these defaults a guesser needs, on average, over fifty years of the bot's whole allowance
    to hit one given code."""
    waits = []
    recent = [at for at in account_failures if at > now - limits.window]
    if len(recent) >= limits.per_account:
        waits.append(recent[limits.per_account - 1] + limits.window)  # when the oldest of them falls out
    today = [at for at in account_failures if at > now - DAY]
    if len(today) >= limits.per_account_day:
        waits.append(today[limits.per_account_day - 1] + DAY)
    everyone = [at for at in bot_failures if at > now - limits.window]
    if len(everyone) >= limits.per_bot:
        waits.append(everyone[limits.per_bot - 1] + limits.window)
    return max(waits) if waits else None
