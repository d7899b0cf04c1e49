"""Storage for sessions: planning, villages covered, audit, policy, village groups, audiences, broadcasts, reach."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Sequence

from sqlalchemy import Boolean, Date, DateTime, String, bindparam, delete, func, null, select, union_all
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (Broadcast, ChannelAccount, CommunePolicy, DayOverride, Delivery, DialogueSession, Person,
                            PolicyAudit, Question, SessionEvent, SessionVillage, StaffMember, Village, VillageGroup)

MANAGER_ROLES = ("chair", "secretary", "admin")


def _sessions_of(by_state: bool, by_village: bool) -> Any:
    stmt = select(DialogueSession).where(DialogueSession.commune_id == bindparam("commune_id"))
    if by_state:
        stmt = stmt.where(DialogueSession.state.in_(bindparam("states", expanding=True)))
    if by_village:
        covered = select(SessionVillage.session_id).where(SessionVillage.village_id == bindparam("village_id"))
        stmt = stmt.where(DialogueSession.all_villages | DialogueSession.id.in_(covered))
    return stmt.order_by(DialogueSession.starts_at.desc())


# /ask reads a commune's sessions on every start: each shape built once (a statement memoizes its cache key).
_SESSIONS_OF = {(state, village): _sessions_of(state, village) for state in (False, True) for village in (False, True)}
# /ask's sessions in one round trip: those taking questions (announced with their intake open, or in progress), each
# with whether it covers the resident's village. Built once, like the others.
_NOW = bindparam("now", type_=DateTime(timezone=True))
_COVERS = DialogueSession.all_villages | DialogueSession.id.in_(
    select(SessionVillage.session_id).where(SessionVillage.village_id == bindparam("village_id")))
_ASKABLE = (select(DialogueSession, _COVERS)
            .where(DialogueSession.commune_id == bindparam("commune_id"),
                   (DialogueSession.state == "in_progress")
                   | ((DialogueSession.state == "announced")
                      & (DialogueSession.intake_opens_at.is_(None) | (DialogueSession.intake_opens_at <= _NOW))
                      & (DialogueSession.intake_closes_at.is_(None) | (DialogueSession.intake_closes_at > _NOW))))
            .order_by(DialogueSession.starts_at))


# A commune's deadline inputs, its policy values and its calendar's day overrides, in one round trip (every new
# question and every deadline worked out reads both).
_POLICY_AND_DAYS = union_all(
    select(CommunePolicy.key, CommunePolicy.value, null().cast(Date), null().cast(Boolean))
    .where(CommunePolicy.commune_id == bindparam("commune_id")),
    select(null().cast(String), null().cast(String), DayOverride.day, DayOverride.working)
    .where(DayOverride.commune_id == bindparam("commune_id")))


class SessionStore:
    session: AsyncSession

    # --- policy ------------------------------------------------------------------------------
    async def policy_values(self, commune_id: int) -> dict[str, str]:
        stmt = select(CommunePolicy.key, CommunePolicy.value).where(CommunePolicy.commune_id == commune_id)
        return dict((await self.session.execute(stmt)).all())

    async def policy_and_days(self, commune_id: int) -> tuple[dict[str, str], dict[date, bool]]:
        """policy_values and day_overrides of a commune, in one round trip."""
        values, days = {}, {}
        for key, value, day, working in (await self.session.execute(_POLICY_AND_DAYS, {"commune_id": commune_id})):
            if key is not None:
                values[key] = value
            else:
                days[day] = working
        return values, days

    async def set_policy(self, commune_id: int, key: str, value: str, legal_basis: str) -> None:
        stmt = (insert(CommunePolicy).values(commune_id=commune_id, key=key, value=value, legal_basis=legal_basis)
                .on_conflict_do_update(index_elements=["commune_id", "key"],
                                       set_={"value": value, "legal_basis": legal_basis, "updated_at": func.now()}))
        await self.session.execute(stmt)

    async def policy_rows(self, commune_id: int) -> dict[str, tuple[str, str]]:
        """key → (value, legal basis) as the commune stored them."""
        stmt = select(CommunePolicy.key, CommunePolicy.value, CommunePolicy.legal_basis).where(
            CommunePolicy.commune_id == commune_id)
        return {key: (value, basis) for key, value, basis in (await self.session.execute(stmt)).all()}

    async def change_policy(self, commune_id: int, key: str, value: str, legal_basis: str, *, actor: str,
                            actor_person_id: int | None, at: datetime) -> str | None:
        """Store a value with its basis and audit the change; the previous value (None: there was no row)."""
        old = await self.session.scalar(select(CommunePolicy.value).where(
            CommunePolicy.commune_id == commune_id, CommunePolicy.key == key).with_for_update())
        await self.set_policy(commune_id, key, value, legal_basis)
        self.session.add(PolicyAudit(commune_id=commune_id, at=at, actor=actor, actor_person_id=actor_person_id,
                                     key=key, old_value=old or "", new_value=value, legal_basis=legal_basis))
        await self.session.flush()
        return old

    # --- sessions ------------------------------------------------------------------------------
    async def save_session(self, session_id: int | None, village_ids: Sequence[int] | None,
                           **fields: Any) -> DialogueSession:
        """Create (session_id None) or change a session; village_ids None leaves the covered villages alone."""
        row = await self.session.get(DialogueSession, session_id) if session_id else DialogueSession()
        for name, value in fields.items():
            setattr(row, name, value)
        self.session.add(row)
        await self.session.flush()
        if village_ids is not None:
            await self.session.execute(delete(SessionVillage).where(SessionVillage.session_id == row.id))
            self.session.add_all(SessionVillage(session_id=row.id, village_id=v) for v in village_ids)
            row.all_villages = not village_ids
            await self.session.flush()
        return row

    async def session_village_ids(self, session: Any) -> list[int]:
        """The villages a session covers (every village of the commune when it covers all)."""
        if session.all_villages:
            return [v.id for v in await self.villages(session.commune_id)]
        stmt = select(SessionVillage.village_id).where(SessionVillage.session_id == session.id)
        return list((await self.session.scalars(stmt)).all())

    async def sessions_of(self, commune_id: int, states: Sequence[str] | None = None,
                          village_id: int | None = None) -> list[DialogueSession]:
        params: dict[str, Any] = {"commune_id": commune_id}
        if states:
            params["states"] = list(states)
        if village_id:
            params["village_id"] = village_id
        stmt = _SESSIONS_OF[(bool(states), bool(village_id))]
        return list((await self.session.scalars(stmt, params)).all())

    async def askable_sessions(self, commune_id: int, now: datetime,
                               village_id: int | None) -> list[tuple[DialogueSession, bool]]:
        """Sessions taking questions, each with whether it covers the village: those announced with their intake
        open now, earliest first, then those in progress, latest first (the order open_sessions + sessions_of
        give). One round trip: /ask reads it at every step."""
        rows = (await self.session.execute(_ASKABLE, {"commune_id": commune_id, "now": now,
                                                      "village_id": village_id or 0})).all()
        announced = [(s, bool(covers)) for s, covers in rows if s.state == "announced"]
        running = [(s, bool(covers)) for s, covers in reversed(rows) if s.state == "in_progress"]
        return announced + running

    async def lock_session(self, session_id: int) -> DialogueSession | None:
        stmt = select(DialogueSession).where(DialogueSession.id == session_id).with_for_update()
        return await self.session.scalar(stmt)

    async def record_session_transition(self, row: Any, to_state: str, actor_id: int | None, note: str = "",
                                        **fields: Any) -> None:
        self.session.add(SessionEvent(session_id=row.id, actor_id=actor_id, from_state=row.state, to_state=to_state,
                                      note=note))
        row.state = to_state
        for name, value in fields.items():
            setattr(row, name, value)

    async def session_events(self, session_id: int) -> list[SessionEvent]:
        stmt = select(SessionEvent).where(SessionEvent.session_id == session_id).order_by(SessionEvent.id)
        return list((await self.session.scalars(stmt)).all())

    async def sessions_due(self, states: Sequence[str], now: datetime) -> list[DialogueSession]:
        """Sessions in these states that start after now, locked (SKIP LOCKED) for the reminder pass."""
        stmt = (select(DialogueSession).where(DialogueSession.state.in_(states), DialogueSession.starts_at > now)
                .order_by(DialogueSession.id).with_for_update(skip_locked=True))
        return list((await self.session.scalars(stmt)).all())

    # --- audiences ---------------------------------------------------------------------------
    async def resident_audience(self, commune_id: int, village_ids: Sequence[int], *,
                                person_ids: Sequence[int] = (), opted_in_only: bool = True) -> list[Any]:
        """Each person's latest chat: residents of the villages (announcements on) and the given people."""
        heads = select(StaffMember.person_id).where(StaffMember.commune_id == commune_id,
                                                    StaffMember.role == "village_head")
        residents = (Person.commune_id == commune_id) & Person.village_id.in_(village_ids) & Person.id.not_in(heads)
        if opted_in_only:
            residents = residents & Person.announcements
        return await self._latest_accounts(residents | Person.id.in_(person_ids))

    async def heads_of(self, commune_id: int, village_ids: Sequence[int]) -> list[Any]:
        """Village heads of these villages, each with their latest chat and village."""
        stmt = select(StaffMember.person_id, StaffMember.village_id).where(
            StaffMember.commune_id == commune_id, StaffMember.role == "village_head",
            StaffMember.village_id.in_(village_ids))
        villages = dict((await self.session.execute(stmt)).all())
        accounts = await self._latest_accounts(Person.id.in_(list(villages)))
        return [(account, villages[account.person_id]) for account in accounts]

    async def managers_of(self, commune_id: int) -> list[int]:
        stmt = select(StaffMember.person_id).where(StaffMember.commune_id == commune_id,
                                                   StaffMember.role.in_(MANAGER_ROLES)).distinct()
        return list((await self.session.scalars(stmt)).all())

    async def _latest_accounts(self, condition: Any) -> list[Any]:
        stmt = (select(ChannelAccount.person_id, Person.village_id, ChannelAccount.bot_id, ChannelAccount.channel,
                       ChannelAccount.chat_id, ChannelAccount.language, ChannelAccount.unreachable_at)
                .join(Person, Person.id == ChannelAccount.person_id).where(condition)
                .ext(distinct_on(ChannelAccount.person_id))
                .order_by(ChannelAccount.person_id, ChannelAccount.last_seen_at.desc()))
        return list((await self.session.execute(stmt)).all())

    async def askers_in(self, session_id: int) -> list[int]:
        stmt = select(Question.asker_id).where(Question.session_id == session_id).distinct()
        return list((await self.session.scalars(stmt)).all())

    async def question_counts(self, session_id: int) -> list[tuple[str, int | None, int]]:
        """(topic, village id, questions) for a session."""
        stmt = (select(Question.topic, Question.village_id, func.count()).where(Question.session_id == session_id)
                .group_by(Question.topic, Question.village_id).order_by(Question.topic, Question.village_id))
        return [tuple(row) for row in (await self.session.execute(stmt)).all()]

    # --- village groups ----------------------------------------------------------------------
    async def link_group(self, *, bot_id: int, channel: str, chat_id: str, title: str, commune_id: int,
                         village_id: int, linked_by: int) -> None:
        values = {"commune_id": commune_id, "village_id": village_id, "linked_by": linked_by, "title": title}
        stmt = (insert(VillageGroup).values(bot_id=bot_id, channel=channel, chat_id=chat_id, **values)
                .on_conflict_do_update(index_elements=["bot_id", "chat_id"], set_={**values, "linked_at": func.now()}))
        await self.session.execute(stmt)

    async def group_link(self, bot_id: int, chat_id: str) -> VillageGroup | None:
        stmt = select(VillageGroup).where(VillageGroup.bot_id == bot_id, VillageGroup.chat_id == chat_id)
        return await self.session.scalar(stmt)

    async def unlink_group(self, bot_id: int, chat_id: str) -> None:
        await self.session.execute(delete(VillageGroup).where(VillageGroup.bot_id == bot_id,
                                                              VillageGroup.chat_id == chat_id))

    async def groups_of(self, village_ids: Sequence[int]) -> list[VillageGroup]:
        stmt = select(VillageGroup).where(VillageGroup.village_id.in_(village_ids)).order_by(VillageGroup.id)
        return list((await self.session.scalars(stmt)).all())

    # --- broadcasts and reach ----------------------------------------------------------------
    async def add_broadcast(self, **fields: Any) -> Broadcast:
        row = Broadcast(**fields)
        self.session.add(row)
        await self.session.flush()
        return row

    async def add_delivery(self, **fields: Any) -> Delivery:
        row = Delivery(**fields)
        self.session.add(row)
        await self.session.flush()
        return row

    async def open_broadcasts(self, bot_id: int) -> list[tuple[Broadcast, Delivery]]:
        """Unfinished broadcasts whose progress message this bot has sent."""
        stmt = (select(Broadcast, Delivery).join(Delivery, Delivery.id == Broadcast.progress_delivery_id)
                .where(Broadcast.finished_at.is_(None), Delivery.bot_id == bot_id, Delivery.status == "sent"))
        return [tuple(row) for row in (await self.session.execute(stmt)).all()]

    async def reach(self, session_id: int) -> list[tuple[int | None, str, int]]:
        """(village id, status, messages) over the session's announcements."""
        stmt = (select(Delivery.village_id, Delivery.status, func.count())
                .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
                .where(Broadcast.session_id == session_id, Broadcast.kind == "announce")
                .group_by(Delivery.village_id, Delivery.status))
        return [tuple(row) for row in (await self.session.execute(stmt)).all()]

    async def village_names(self, commune_id: int) -> dict[int, str]:
        stmt = select(Village.id, Village.name).where(Village.commune_id == commune_id)
        return dict((await self.session.execute(stmt)).all())
