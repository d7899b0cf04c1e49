"""Storage for the tenant and identity side: bots, accounts, communes, people, staff, sessions."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple, Sequence

from sqlalchemy import DateTime, Interval, bindparam, case, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.commune.policy import DEFAULTS as POLICY_DEFAULTS
from storage.models import (Bot, BotCommune, ChannelAccount, Commune, CommunePolicy, Consent, ConversationState, Department,
                            DialogueSession, Person, ProcessedUpdate, StaffInvite, StaffMember, Village)
from storage.models import ThrottledUpdate
from storage.models import Question, VoiceQuestion


# Every event runs these: built once, so only parameters change per call. The ones whose rows handlers never change
# are plain Core on the tables (`_table`), run on the session's connection: no ORM bulk-insert or update machinery,
# no identity map, a fraction of the CPU per update (bench/intake.py).
_processed, _state = ProcessedUpdate.__table__, ConversationState.__table__
MARK_PROCESSED = (insert(_processed).values(bot_id=bindparam("bot_id"), update_id=bindparam("update_id"))
                   .on_conflict_do_nothing().returning(_processed.c.update_id))
_accounts = ChannelAccount.__table__
_NEW_ACCOUNT = insert(_accounts).values(bot_id=bindparam("bot_id"), channel=bindparam("channel"),
                                        external_user_id=bindparam("user_id"), chat_id=bindparam("chat_id"),
                                        language=bindparam("language"))


def upsert_account(where: Any = None) -> Any:
    """The account upserted: seen now, reachable, at the chat it wrote from (`where`: as in upsert_state)."""
    return (_NEW_ACCOUNT.on_conflict_do_update(
        index_elements=["bot_id", "external_user_id"], where=where,
        set_={"last_seen_at": func.now(), "unreachable_at": None, "chat_id": _NEW_ACCOUNT.excluded.chat_id})
        .returning(*_accounts.c))


# Only private updates touch an account, so the chat they came from is the person's address (issue 10, hole 2).
# Handlers change the account (consent links the person), so it comes back as an ORM row: loaded from the Core
# upsert's RETURNING (a third less CPU than the ORM bulk-insert path, bench/intake.py).
_TOUCH_ACCOUNT = select(ChannelAccount).from_statement(upsert_account()).execution_options(populate_existing=True)
_ACCOUNT_OF = select(ChannelAccount).where(ChannelAccount.bot_id == bindparam("bot_id"),
                                           ChannelAccount.external_user_id == bindparam("user_id"))
# The same upsert counts the chat's updates in its burst window, by when they were sent (the platform's time, or
# now when unknown; never later than now): a window older than `burst_window` starts anew.
_SENT_AT = func.least(func.coalesce(bindparam("sent_at", type_=DateTime(timezone=True)), func.now()), func.now())
_IN_WINDOW = _state.c.burst_at > _SENT_AT - bindparam("burst_window", type_=Interval())


def upsert_state(where: Any = None) -> Any:
    """The chat's state upserted, locked and counted (`where`: a condition on the existing row for DO UPDATE)."""
    return (insert(_state)
            .values(bot_id=bindparam("bot_id"), chat_id=bindparam("chat_id"), burst_count=1, burst_at=_SENT_AT)
            .on_conflict_do_update(index_elements=["bot_id", "chat_id"], where=where, set_={
                "updated_at": _state.c.updated_at,
                "burst_count": case((_IN_WINDOW, _state.c.burst_count + 1), else_=1),
                "burst_at": case((_IN_WINDOW, _state.c.burst_at), else_=_SENT_AT)})
            .returning(_state.c.state, _state.c.data, _state.c.burst_count, _state.c.burst_at))


_LOAD_STATE = upsert_state()


class StateRow(NamedTuple):
    """A chat's state row as load_state returns it."""

    state: str
    data: Any
    burst_count: int
    burst_at: datetime


# Built once like the others: a statement object memoizes its cache key, so each event skips building and keying it.
_PERSON_AND_ROLES = (select(Person, StaffMember, Commune.kind)
                     .outerjoin(StaffMember, StaffMember.person_id == Person.id)
                     .outerjoin(Commune, Commune.id == func.coalesce(StaffMember.commune_id, Person.commune_id))
                     .where(Person.id == bindparam("person_id")).order_by(StaffMember.id))
_SAVE_STATE = (update(_state)
               .where(_state.c.bot_id == bindparam("key_bot"), _state.c.chat_id == bindparam("key_chat"))
               .values(state=bindparam("new_state"), data=bindparam("new_data"), updated_at=func.now()))


class CoreStore:
    """Bots, accounts, conversation state, communes, people, staff and sessions."""

    session: AsyncSession
    department_names: dict[int, dict[str, str]]

    # --- bots, accounts, conversation state -------------------------------------------------
    async def ensure_bot(self, channel: str, external_id: str, username: str) -> Bot:
        stmt = (insert(Bot).values(channel=channel, external_id=external_id, username=username)
                .on_conflict_do_update(index_elements=["channel", "external_id"], set_={"username": username})
                .returning(Bot))
        return (await self.session.execute(stmt)).scalar_one()

    async def mark_processed(self, bot_id: int, update_id: str) -> bool:
        """True the first time an update is seen; False for a redelivery."""
        connection = await self.session.connection()
        row = await connection.execute(MARK_PROCESSED, {"bot_id": bot_id, "update_id": update_id})
        return row.scalar_one_or_none() is not None

    async def touch_account(self, bot_id: int, channel: str, user_id: str, chat_id: str,
                            language: str) -> ChannelAccount:
        params = {"bot_id": bot_id, "channel": channel, "user_id": user_id, "chat_id": chat_id, "language": language}
        return (await self.session.execute(_TOUCH_ACCOUNT, params)).scalar_one()

    async def account_of(self, bot_id: int, user_id: str) -> ChannelAccount | None:
        """The account of a user on a bot, read only (group updates must not create or re-point one)."""
        return (await self.session.execute(_ACCOUNT_OF, {"bot_id": bot_id, "user_id": user_id})).scalar_one_or_none()

    async def set_account_menu(self, bot_id: int, user_id: str, menu: str) -> None:
        await self.session.execute(update(ChannelAccount).where(ChannelAccount.bot_id == bot_id,
                                                                ChannelAccount.external_user_id == user_id)
                                   .values(menu=menu))

    async def load_state(self, bot_id: int, chat_id: str, burst_seconds: float = 10.0,
                         sent_at: datetime | None = None) -> Any:
        """The chat's state row, locked until commit so one chat's events run one at a time, with this update
        (sent at `sent_at`) counted in `burst_count`: updates sent since `burst_at`, a window of `burst_seconds`.

        One round trip: the upsert's DO UPDATE takes the same row lock SELECT ... FOR UPDATE would. A plain row
        (state, data, burst_count, burst_at): save_state writes the state back."""
        params = {"bot_id": bot_id, "chat_id": chat_id, "burst_window": timedelta(seconds=burst_seconds),
                  "sent_at": sent_at}
        connection = await self.session.connection()
        return (await connection.execute(_LOAD_STATE, params)).one()

    async def record_throttled(self, bot_id: int, chat_id: str, user_id: str, update_id: str, kind: str,
                               content: str) -> None:
        """Keep an update that was over its chat's burst limit, unprocessed."""
        self.session.add(ThrottledUpdate(bot_id=bot_id, chat_id=chat_id, user_id=user_id, update_id=update_id,
                                         kind=kind, content=content))

    async def throttled_texts(self, bot_id: int, chat_id: str) -> list[str]:
        """What a chat sent over its burst limit, oldest first."""
        stmt = (select(ThrottledUpdate.content).where(ThrottledUpdate.bot_id == bot_id,
                                                      ThrottledUpdate.chat_id == chat_id).order_by(ThrottledUpdate.id))
        return list((await self.session.scalars(stmt)).all())

    async def save_state(self, bot_id: int, chat_id: str, state: str, data: dict[str, Any]) -> None:
        params = {"key_bot": bot_id, "key_chat": chat_id, "new_state": state, "new_data": dict(data)}
        await (await self.session.connection()).execute(_SAVE_STATE, params)

    # --- communes ----------------------------------------------------------------------------
    async def add_commune(self, code: str, name: str, villages: Sequence[str],
                          departments: Sequence[tuple[str, str]], *, kind: str = "xa",
                          province_code: str | None = None, province_name: str = "") -> Commune:
        commune = Commune(code=code, name=name, kind=kind, province_code=province_code, province_name=province_name)
        self.session.add(commune)
        await self.session.flush()
        self.session.add_all(Village(commune_id=commune.id, name=v, position=i) for i, v in enumerate(villages))
        self.session.add_all(Department(commune_id=commune.id, code=c, name=n) for c, n in departments)
        self.session.add_all(CommunePolicy(commune_id=commune.id, key=key, value=value, legal_basis=basis)
                             for key, (value, basis) in POLICY_DEFAULTS.items())
        await self.session.flush()
        return commune

    async def commune_by_code(self, code: str) -> Commune | None:
        return await self.session.scalar(select(Commune).where(Commune.code == code))

    async def existing_codes(self, codes: Sequence[str]) -> set[str]:
        return set((await self.session.scalars(select(Commune.code).where(Commune.code.in_(list(codes))))).all())

    async def add_villages(self, commune_id: int, names: Sequence[str]) -> list[str]:
        """Add the villages the commune does not have yet, after its last one; returns the names added."""
        rows = (await self.session.execute(select(Village.name, Village.position)
                                           .where(Village.commune_id == commune_id))).all()
        have, last = {name for name, _ in rows}, max((position for _, position in rows), default=-1)
        new = [name for name in names if name not in have]
        self.session.add_all(Village(commune_id=commune_id, name=name, position=last + 1 + i)
                             for i, name in enumerate(new))
        await self.session.flush()
        return new

    async def get_commune(self, commune_id: int) -> Commune | None:
        return await self.session.get(Commune, commune_id)

    async def communes_for_bot(self, bot_id: int) -> list[Commune]:
        """The communes a resident can join through this bot: those it serves (all when it has no mapping) that
        have at least one village, since registration ends with choosing one."""
        mapped = select(BotCommune.commune_id).where(BotCommune.bot_id == bot_id)
        stmt = select(Commune).where(Commune.id.in_(select(Village.commune_id))).order_by(Commune.name)
        if await self.session.scalar(select(mapped.exists())):
            stmt = stmt.where(Commune.id.in_(mapped))
        return list((await self.session.scalars(stmt)).all())

    async def villages(self, commune_id: int) -> list[Village]:
        stmt = select(Village).where(Village.commune_id == commune_id).order_by(Village.position, Village.name)
        return list((await self.session.scalars(stmt)).all())

    async def get_village(self, village_id: int | None) -> Village | None:
        return await self.session.get(Village, village_id) if village_id else None

    async def departments(self, commune_id: int) -> list[Department]:
        stmt = select(Department).where(Department.commune_id == commune_id).order_by(Department.id)
        return list((await self.session.scalars(stmt)).all())

    async def department_name(self, commune_id: int, code: str | None) -> str:
        """The department's name (its code if unknown); a commune's names are read once per unit of work, since
        reports and listings ask for one per question."""
        if not code:
            return ""
        names = self.department_names.get(commune_id)
        if names is None:
            stmt = select(Department.code, Department.name).where(Department.commune_id == commune_id)
            names = self.department_names[commune_id] = dict((await self.session.execute(stmt)).all())
        return names.get(code) or code

    # --- people and consent ------------------------------------------------------------------
    async def get_person(self, person_id: int | None) -> Person | None:
        return await self.session.get(Person, person_id) if person_id else None

    async def people(self, person_ids: Sequence[int]) -> dict[int, Person]:
        """Many people by id in one statement (a report names every asker)."""
        stmt = select(Person).where(Person.id.in_(set(person_ids)))
        return {p.id: p for p in (await self.session.scalars(stmt)).all()}

    async def create_person(self, account: ChannelAccount, consent_version: str, evidence: str,
                            purposes: Sequence[str] = ("dialogue",)) -> Person:
        """A person, created at consent, with one consent row per purpose agreed (in the chat's language and on its
        messenger: the text they read)."""
        person = Person()
        self.session.add(person)
        await self.session.flush()
        account.person_id = person.id
        for purpose in purposes:
            self.session.add(Consent(person_id=person.id, purpose=purpose, text_version=consent_version,
                                     evidence=evidence, language=account.language, channel=account.channel))
        await self.session.flush()
        return person

    async def accounts_of(self, person_id: int) -> list[ChannelAccount]:
        stmt = (select(ChannelAccount).where(ChannelAccount.person_id == person_id)
                .order_by(ChannelAccount.last_seen_at.desc()))
        return list((await self.session.scalars(stmt)).all())

    # --- staff -------------------------------------------------------------------------------
    async def person_and_roles(self, person_id: int | None) -> tuple[Person | None, list[StaffMember], str]:
        """A person, their staff memberships and their commune's kind (xa, phuong, dac_khu: the words the bot
        uses) in one round trip (every event needs them); a staffer's kind is that of their first commune."""
        if not person_id:
            return None, [], ""
        rows = (await self.session.execute(_PERSON_AND_ROLES, {"person_id": person_id})).all()
        if not rows:
            return None, [], ""
        return rows[0][0], [member for _, member, _ in rows if member is not None], rows[0][2] or ""

    async def staff_roles(self, person_id: int | None) -> list[StaffMember]:
        if not person_id:
            return []
        stmt = select(StaffMember).where(StaffMember.person_id == person_id).order_by(StaffMember.id)
        return list((await self.session.scalars(stmt)).all())

    async def create_invite(self, commune_id: int, code: str, role: str, department_code: str | None,
                            village_id: int | None, now: datetime, valid_for: timedelta) -> StaffInvite:
        invite = StaffInvite(commune_id=commune_id, code=code, role=role, department_code=department_code,
                             village_id=village_id, expires_at=now + valid_for)
        self.session.add(invite)
        await self.session.flush()
        return invite

    async def invite_by_code(self, code: str) -> StaffInvite | None:
        stmt = select(StaffInvite).where(StaffInvite.code == code).with_for_update()
        return await self.session.scalar(stmt)

    async def accept_invite(self, invite: StaffInvite, person: Person, now: datetime) -> StaffMember:
        invite.used_at, invite.used_by = now, person.id
        stmt = (insert(StaffMember)
                .values(commune_id=invite.commune_id, person_id=person.id, role=invite.role,
                        department_code=invite.department_code, village_id=invite.village_id,
                        province=invite.province)
                .on_conflict_do_update(index_elements=["commune_id", "person_id", "role"],
                                       set_={"department_code": invite.department_code,
                                             "village_id": invite.village_id, "province": invite.province})
                .returning(StaffMember))
        return (await self.session.execute(stmt)).scalar_one()

    # --- sessions ------------------------------------------------------------------------------
    async def open_sessions(self, commune_id: int, now: datetime) -> list[DialogueSession]:
        stmt = (select(DialogueSession)
                .where(DialogueSession.commune_id == commune_id, DialogueSession.state == "announced",
                       (DialogueSession.intake_opens_at.is_(None)) | (DialogueSession.intake_opens_at <= now),
                       (DialogueSession.intake_closes_at.is_(None)) | (DialogueSession.intake_closes_at > now))
                .order_by(DialogueSession.starts_at))
        return list((await self.session.scalars(stmt)).all())

    async def get_session(self, session_id: int | None) -> DialogueSession | None:
        return await self.session.get(DialogueSession, session_id) if session_id else None

    async def add_session(self, **fields: Any) -> DialogueSession:
        row = DialogueSession(**fields)
        self.session.add(row)
        await self.session.flush()
        return row

    async def forget_person(self, person: Person, account: ChannelAccount, now: datetime) -> None:
        """Withdrawal: delete identifying data and unlink every chat; questions stay, de-identified."""
        person.full_name, person.phone, person.village_id, person.announcements = "", None, None, False
        await self.session.execute(update(Consent).where(Consent.person_id == person.id,
                                                            Consent.withdrawn_at.is_(None)).values(withdrawn_at=now))
        await self.session.execute(update(ChannelAccount).where(ChannelAccount.person_id == person.id)
                                   .values(person_id=None))
        await self.session.execute(delete(StaffMember).where(StaffMember.person_id == person.id))
        asked = select(Question.id).where(Question.asker_id == person.id).scalar_subquery()
        await self.session.execute(update(VoiceQuestion).where(VoiceQuestion.question_id.in_(asked))
                                   .values(file_id="", chat_id="", audio=None, keep_state=""))  # a voice identifies
        account.person_id = None
