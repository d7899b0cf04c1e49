"""A private update's opening in one round trip: the update recorded, the account upserted, the chat's state upserted
(locked and counted), and the person with their roles and commune's kind read, all in one statement.

Why the person may be read in that statement: PostgreSQL (READ COMMITTED) takes a statement's snapshot before the
statement waits for a row lock, so a plain join would miss what the chat's previous update (in another process)
committed while this one waited. So each upsert changes its row only when the row's latest version is the one the
snapshot sees (`xmin` unchanged); otherwise it only locks the row and returns nothing, and the caller reads again,
with statements of their own, what the snapshot may have missed. Every unit of work of a chat writes its state row
and every change of whom an account belongs to writes the account row, so what the person read could have missed
always shows up as one of those two rows missing from the result."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Table, bindparam, exists, func, literal, literal_column, select, true
from sqlalchemy.orm import aliased

from storage.models import ChannelAccount, Commune, ConversationState, Person, StaffMember
from storage.stores.core import MARK_PROCESSED, CoreStore, StateRow, upsert_account, upsert_state


class Opened(NamedTuple):
    """Where a private update's handling starts: the account (an ORM row), the chat's locked state row, and who is
    writing (the person or None, their staff memberships, their commune's kind)."""

    account: Any
    state: StateRow
    person: Any
    staff: list[Any]
    kind: str


def _as_snapshot_sees(table: Table, **keys: str) -> Any:
    """A DO UPDATE condition: the conflicting row's latest version is the one this statement's snapshot sees."""
    seen = table.alias(f"seen_{table.name}")
    snapshot = (select(literal_column(f"{seen.name}.xmin"))
                .where(*(seen.c[column] == bindparam(param) for column, param in keys.items())).scalar_subquery())
    return literal_column(f"{table.name}.xmin") == snapshot


def _open_private(with_update_id: bool) -> Any:
    accounts, states = ChannelAccount.__table__, ConversationState.__table__
    account = upsert_account(_as_snapshot_sees(accounts, bot_id="bot_id", external_user_id="user_id")).cte("account")
    state = upsert_state(_as_snapshot_sees(states, bot_id="bot_id", chat_id="chat_id")).cte("state")
    fresh: Any = literal(True)
    if with_update_id:
        fresh = exists(select(MARK_PROCESSED.cte("processed")))
    one = select(literal(1).label("one")).subquery("one")  # a row even when an upsert returns none
    return (select(fresh.label("fresh"), aliased(ChannelAccount, account), state.c.state, state.c.data,
                   state.c.burst_count, state.c.burst_at, Person, StaffMember, Commune.kind)
            .select_from(one).outerjoin(account, true()).outerjoin(state, true())
            .outerjoin(Person, Person.id == account.c.person_id)
            .outerjoin(StaffMember, StaffMember.person_id == Person.id)
            .outerjoin(Commune, Commune.id == func.coalesce(StaffMember.commune_id, Person.commune_id))
            .order_by(StaffMember.id).execution_options(populate_existing=True))


# Built once: a statement object memoizes its cache key, so each event skips building and keying it.
_OPEN_PRIVATE = {with_id: _open_private(with_id) for with_id in (False, True)}


class OpeningStore(CoreStore):
    """The opening statement of every private update (CoreStore's steps, when it must fall back on them)."""

    async def open_private(self, bot_id: int, channel: str, user_id: str, chat_id: str, language: str,
                           update_id: str, burst_seconds: float = 10.0,
                           sent_at: datetime | None = None) -> Opened | None:
        """mark_processed, touch_account, load_state and person_and_roles of a private update, in one round trip
        when nothing of the chat changed while it waited; None for a redelivered update (the caller rolls back
        what this wrote)."""
        params = {"bot_id": bot_id, "channel": channel, "user_id": user_id, "chat_id": chat_id, "language": language,
                  "burst_window": timedelta(seconds=burst_seconds), "sent_at": sent_at}
        if update_id:
            params["update_id"] = update_id
        rows = (await self.session.execute(_OPEN_PRIVATE[bool(update_id)], params)).all()
        fresh, account, *state = rows[0][:6]
        if not fresh:
            return None
        person, kind, staff = rows[0][6], rows[0][8] or "", [row[7] for row in rows if row[7] is not None]
        missed = account is None or state[0] is None or (account.person_id is not None and person is None)
        if account is None:  # changed since the snapshot: upsert it again, now that its row is locked
            account = await self.touch_account(bot_id, channel, user_id, chat_id, language)
        if state[0] is None:  # likewise: the chat's previous update committed while this one waited for it
            state = await self.load_state(bot_id, chat_id, burst_seconds, sent_at)
        if missed:  # read after the locks: sees every change committed before they were taken
            person, staff, kind = await self.person_and_roles(account.person_id)
        return Opened(account, StateRow(*state), person, staff, kind)
