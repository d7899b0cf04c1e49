"""A bot's pending updates: queued by injection, confirmed by getUpdates offsets or the webhook."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

# Telegram leaves these out unless a bot asks for them in allowed_updates.
OPT_IN_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}


class Signal:
    """Wakes every waiter when something changed; waiters re-check their own condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float | None) -> None:
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except asyncio.TimeoutError:
            pass


@dataclass(eq=False)
class Pending:
    update: dict
    replay: bool = False  # re-sent with an already used update_id (inject_raw)
    delivered: bool = False

    @property
    def update_id(self) -> int:
        return self.update["update_id"]


class UpdateQueue:
    """Updates in arrival order with Telegram's offset rules."""

    def __init__(self, first_update_id: int = 1):
        self.pending: list[Pending] = []
        self.last_id = first_update_id - 1
        self.allowed: list[str] = []
        self.changed = Signal()

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def push(self, update: dict) -> dict:
        """Queue `update`, numbered if it has no update_id, unless allowed_updates filters it out."""
        replay = False
        if "update_id" not in update:
            update = {"update_id": self.next_id(), **update}
        elif update["update_id"] <= self.last_id:
            replay = True
        else:
            self.last_id = update["update_id"]
        if self.accepts(update):
            self.pending.append(Pending(update, replay=replay))
            self.changed.notify()
        return update

    def accepts(self, update: dict) -> bool:
        kind = next((key for key in update if key != "update_id"), "")
        if self.allowed:
            return kind in self.allowed
        return kind not in OPT_IN_UPDATES

    def confirm(self, offset: int | None) -> None:
        """Forget what an offset confirms: ids below it, or all but the last -offset ones."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            del self.pending[: max(0, len(self.pending) + offset)]
            return
        # A replayed update keeps its old id; it is only forgotten once it was handed out.
        self.pending = [
            item for item in self.pending
            if item.update_id >= offset or (item.replay and not item.delivered)
        ]

    def take(self, limit: int) -> list[dict]:
        """Up to `limit` updates, left queued until a later offset confirms them."""
        batch = self.pending[:limit]
        # A replay travels alone: clients confirm with "last update_id + 1", which must not
        # skip or repeat its neighbours.
        replays = [index for index, item in enumerate(batch) if item.replay]
        if replays:
            batch = batch[: max(1, replays[0])]
        for item in batch:
            item.delivered = True
        return [item.update for item in batch]

    def first(self) -> Pending | None:
        return self.pending[0] if self.pending else None

    def remove(self, item: Pending) -> None:
        if item in self.pending:
            self.pending.remove(item)

    def clear(self) -> None:
        self.pending.clear()

    def __len__(self) -> int:
        return len(self.pending)
