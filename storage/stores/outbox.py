"""Storage for the outbox: rows written with their cause, leased by delivery workers, marked with their outcome."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Iterable, Sequence

from sqlalchemy import DateTime, Integer, String, bindparam, column, func, insert, or_, select, text, update
from sqlalchemy import values as sql_values
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import ChannelAccount, Delivery, OutboxPace, VillageGroup

IN_FLIGHT = "sending"
ROW_DEFAULTS = {"commune_id": None, "broadcast_id": None, "village_id": None, "status": "pending", "last_error": ""}
_Unsent = aliased(Delivery)
# A chat's messages go out in order, whichever worker takes them: a row is claimable only while it is the oldest
# unsent row of its chat (pending, or sending by a live or dead worker), so each claim takes at most one row per
# chat and the next only once that one is sent or given back. Race-free without a lock: the head row of a chat is
# the one every worker would take, and FOR UPDATE SKIP LOCKED gives it to one of them. A correlated min() rather
# than NOT EXISTS: the planner cannot turn it into an anti-join, which on a fresh broadcast (no statistics yet)
# it ran as a scan of every unsent row per row; this is one probe of ix_delivery_unsent_chat per candidate.
_HEAD_OF_CHAT = Delivery.id == (select(func.min(_Unsent.id))
                                .where(_Unsent.bot_id == Delivery.bot_id, _Unsent.chat_id == Delivery.chat_id,
                                       _Unsent.status.in_(("pending", IN_FLIGHT)))
                                .correlate(Delivery).scalar_subquery())


def _due(bot_id: int, now: datetime) -> Any:
    # status IN (...) lets the scan walk ix_delivery_unsent in id order and stop at the LIMIT
    return (Delivery.bot_id == bot_id) & Delivery.status.in_(("pending", IN_FLIGHT)) & _HEAD_OF_CHAT & or_(
        (Delivery.status == "pending") & (Delivery.not_before <= now),
        (Delivery.status == IN_FLIGHT) & (Delivery.lease_until < now))


_ENQUEUE = insert(Delivery.__table__).values(
    {name: bindparam(name) for name in ("bot_id", "channel", "chat_id", "kind", "payload", "commune_id",
                                        "broadcast_id", "village_id")})


class OutboxStore:
    session: AsyncSession

    async def enqueue(self, *, bot_id: int, channel: str, chat_id: str, kind: str, payload: dict[str, Any],
                      commune_id: int | None = None, broadcast_id: int | None = None,
                      village_id: int | None = None) -> None:
        await self.session.flush()  # rows it may refer to (a new broadcast) go first; nothing to do otherwise
        connection = await self.session.connection()  # plain Core on the table: the hot path's one outbox insert
        await connection.execute(_ENQUEUE, {"bot_id": bot_id, "channel": channel, "chat_id": chat_id, "kind": kind,
                                            "payload": payload, "commune_id": commune_id,
                                            "broadcast_id": broadcast_id, "village_id": village_id})

    async def enqueue_many(self, rows: Iterable[dict[str, Any]]) -> int:
        """Insert many outbox rows in one statement per thousand (a broadcast); returns how many."""
        batch, total = [], 0
        for row in rows:
            batch.append({**ROW_DEFAULTS, **row})
            if len(batch) == 1000:
                await self.session.execute(insert(Delivery), batch)
                total, batch = total + len(batch), []
        if batch:
            await self.session.execute(insert(Delivery), batch)
        return total + len(batch)

    async def claim(self, bot_id: int, now: datetime, limit: int, lease: timedelta) -> list[Delivery]:
        """Lease due rows (pending, or sending with an expired lease after a crash) so no other worker takes them;
        at most one per chat, the oldest unsent, so two workers never send one chat's messages out of order.

        The lease is committed by the caller at once; the rows are then sent outside any transaction.
        """
        due = (select(Delivery.id).where(_due(bot_id, now))
               .order_by(Delivery.id).limit(limit).with_for_update(of=Delivery, skip_locked=True))
        stmt = (update(Delivery).where(Delivery.id.in_(due.scalar_subquery()))
                .values(status=IN_FLIGHT, lease_until=now + lease).returning(Delivery)
                .execution_options(synchronize_session=False))
        rows = list((await self.session.scalars(stmt)).all())
        return sorted(rows, key=lambda row: row.id)

    async def reserve_slots(self, bot_id: int, count: int, gap: float) -> tuple[float, float]:
        """Reserve `count` send slots `gap` seconds apart on the bot's shared schedule.

        Returns (seconds from the database's now to the first slot, the gap); every worker reserves here, so
        together they never exceed the rate.
        """
        await self.session.execute(upsert(OutboxPace).values(bot_id=bot_id).on_conflict_do_nothing())
        stmt = text("update outbox_pace set next_slot = greatest(next_slot, clock_timestamp()) + "
                    "make_interval(secs => :span) where bot_id = :bot "
                    "returning extract(epoch from (next_slot - make_interval(secs => :span) - clock_timestamp()))")
        wait = await self.session.scalar(stmt, {"span": count * gap, "bot": bot_id})
        return max(float(wait or 0.0), 0.0), gap

    async def due_count(self, bot_id: int, now: datetime) -> int:
        """How many rows a claim at `now` could take."""
        stmt = select(func.count()).select_from(Delivery).where(_due(bot_id, now))
        return int(await self.session.scalar(stmt) or 0)

    async def mark_sent_many(self, rows: Sequence[tuple[int, str, datetime]]) -> None:
        """Many "sent" outcomes (row id, platform message id, when) in one statement: a process's group commit."""
        if not rows:
            return
        values = sql_values(column("id", Integer), column("mid", String), column("at", DateTime(timezone=True)),
                            name="outcome").data([tuple(row) for row in rows])
        await self.session.execute(update(Delivery).where(Delivery.id == values.c.id).values(
            status="sent", platform_message_id=values.c.mid, sent_at=values.c.at, attempts=Delivery.attempts + 1,
            lease_until=None).execution_options(synchronize_session=False))

    async def release(self, row_id: int, not_before: datetime, *, error: str = "", attempt: bool = False) -> None:
        """Back to pending, due at not_before; counts as an attempt only when it really failed."""
        values: dict[str, Any] = {"status": "pending", "not_before": not_before, "lease_until": None}
        if error:
            values["last_error"] = error[:500]
        if attempt:
            values["attempts"] = Delivery.attempts + 1
        await self.session.execute(update(Delivery).where(Delivery.id == row_id).values(**values))

    async def mark_failed(self, row_id: int, error: str) -> None:
        await self.session.execute(update(Delivery).where(Delivery.id == row_id).values(
            status="failed", last_error=error[:500], attempts=Delivery.attempts + 1, lease_until=None))

    async def mark_unreachable(self, row: Any, error: str, now: datetime) -> None:
        """The recipient blocked the bot: this row and their other pending rows stop until they write again."""
        await self.session.execute(update(Delivery).where(Delivery.id == row.id).values(
            status="unreachable", last_error=error[:500], attempts=Delivery.attempts + 1, lease_until=None))
        await self.session.execute(update(Delivery).where(
            Delivery.bot_id == row.bot_id, Delivery.chat_id == row.chat_id, Delivery.status == "pending")
            .values(status="unreachable", last_error=error[:500]))
        await self.session.execute(update(ChannelAccount)
                                   .where(ChannelAccount.bot_id == row.bot_id, ChannelAccount.chat_id == row.chat_id)
                                   .values(unreachable_at=now))

    async def move_chat(self, bot_id: int, old_chat_id: str, new_chat_id: str) -> None:
        """A group became a supergroup: its link and every unsent row follow the new chat id."""
        await self.session.execute(update(VillageGroup).where(VillageGroup.bot_id == bot_id,
                                                              VillageGroup.chat_id == old_chat_id)
                                   .values(chat_id=new_chat_id))
        await self.session.execute(update(Delivery).where(
            Delivery.bot_id == bot_id, Delivery.chat_id == old_chat_id,
            Delivery.status.in_(("pending", IN_FLIGHT))).values(chat_id=new_chat_id))

    async def delivery_counts(self, broadcast_id: int) -> dict[str, int]:
        stmt = (select(Delivery.status, func.count()).where(Delivery.broadcast_id == broadcast_id)
                .group_by(Delivery.status))
        return {status: int(n) for status, n in (await self.session.execute(stmt)).all()}

    async def get_delivery(self, row_id: int | None) -> Delivery | None:
        return await self.session.get(Delivery, row_id) if row_id else None
