"""Planning and running sessions through the real dispatcher and database: lead time, states, reminders."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.admin import invite_staff
from handlers.commune.policy import DEFAULTS, session_policy
from handlers.sessions.reminders import tick
from handlers.sessions.rules import ask_payload, lead_time, next_session_state, parse_ask_payload, resident_reminder_at
from storage.models import CommunePolicy, Delivery, DialogueSession, SessionEvent
from tests.fixtures import Chat, Clock, add_commune, agree_to_notice, make_deps, register

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)  # Monday 10:00 in Vietnam
POLICY = session_policy({})


@pytest.mark.parametrize("days, refused, warning", [(6, True, False), (7, False, True), (9, False, True),
                                                     (10, False, False)])
def test_the_lead_time_rule_refuses_under_seven_days_and_warns_under_ten(days, refused, warning):
    result = lead_time(NOW, NOW + timedelta(days=days), POLICY)
    assert (result.days, result.refused, result.warning) == (days, refused, warning)


def test_session_states_move_only_forward_along_the_plan():
    path = [("draft", "announce", "announced"), ("announced", "close_intake", "intake_closed"),
            ("intake_closed", "start", "in_progress"), ("in_progress", "conclude", "concluded"),
            ("concluded", "close", "closed")]
    assert [next_session_state(state, action) for state, action, _ in path] == [end for *_, end in path]
    assert next_session_state("draft", "start") is None and next_session_state("closed", "announce") is None


def test_a_deep_link_payload_fits_telegrams_limit_and_reads_back():
    payload = ask_payload(2_147_483_647, 2_147_483_647)
    assert len(payload) <= 64 and parse_ask_payload(payload) == (2_147_483_647, 2_147_483_647)
    assert parse_ask_payload("staff-abc") is None


async def secretary(db, clock: Clock) -> Chat:
    link = await invite_staff(db, "25252", "secretary", None, None, "doithoai_test_bot")
    chat = Chat(await make_deps(db, clock), "9001")
    await chat.send("/start " + link.split("start=")[1])
    await agree_to_notice(chat)
    await chat.send("Lê Thị Thư")
    return chat


async def plan(chat: Chat, starts: datetime) -> int:
    await chat.send("/newsession")
    await chat.press("Periodic")
    await chat.press("Administrative reform and the attitude of civil servants")
    await chat.send(starts.strftime("%d/%m/%Y") + " 08:00")
    await chat.press("Online")
    await chat.press("All villages")
    await chat.press("Until ")  # the default close of questions
    card = await chat.press("Done")
    assert "Draft" in card and "on administrative reform" in card and "Online" in card
    return int(chat.button("Announce").rpartition(":")[2])


async def announce(chat: Chat) -> str:
    """Announce the draft just planned, from its card."""
    await chat.press("Announce")
    return await chat.press("Confirm and announce")


async def session_row(db, session_id: int) -> DialogueSession:
    async with db.unit_of_work() as uow:
        return await uow.session.get(DialogueSession, session_id)


async def test_policy_defaults_are_stored_per_commune_with_their_legal_basis(db):
    commune_id = await add_commune(db)
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(CommunePolicy).where(CommunePolicy.commune_id == commune_id))).all()
    assert {r.key: r.value for r in rows} == {key: value for key, (value, _) in DEFAULTS.items()}
    assert "Điều 43" in next(r.legal_basis for r in rows if r.key == "session.lead_days_min")


async def test_announcing_six_days_ahead_needs_a_reason_which_is_recorded(db):
    await add_commune(db)
    chat = await secretary(db, Clock(NOW))
    session_id = await plan(chat, NOW + timedelta(days=6))
    reply = await chat.press("Announce")
    assert "at least 7 days" in reply and chat.buttons() == [f"ss:ovr:{session_id}"]
    # forged on purpose: no way round without a reason, even with the confirm button's data
    assert "at least 7 days" in await chat.press_data(f"ss:go:{session_id}")
    assert (await session_row(db, session_id)).state == "draft"
    await chat.press("Announce with a reason")
    assert "full sentence" in await chat.send("gấp")
    assert "Announced" in await chat.send("Bão số 9 làm lùi lịch, phải họp trước khi nghỉ Tết.")
    row = await session_row(db, session_id)
    assert row.state == "announced" and row.lead_override_reason.startswith("Bão số 9")
    async with db.unit_of_work() as uow:
        event = await uow.session.scalar(select(SessionEvent))
    assert (event.to_state, event.note) == ("announced", row.lead_override_reason)


@pytest.mark.parametrize("days, warned", [(7, True), (10, False)])
async def test_announcing_seven_days_ahead_warns_and_ten_days_ahead_does_not(db, days, warned):
    await add_commune(db)
    chat = await secretary(db, Clock(NOW))
    session_id = await plan(chat, NOW + timedelta(days=days))
    reply = await chat.press("Announce")
    assert ("Only 7 days' notice" in reply) is warned
    await chat.press("Confirm and announce")
    assert (await session_row(db, session_id)).state == "announced"


async def test_staff_move_a_session_through_its_states_and_cannot_skip_one(db):
    await add_commune(db)
    chat = await secretary(db, Clock(NOW))
    session_id = await plan(chat, NOW + timedelta(days=12))
    # forged on purpose: a draft's card has no start button
    assert "no longer active" in await chat.press_data(f"ss:do:{session_id}:start")  # a draft cannot start
    assert (await session_row(db, session_id)).state == "draft"
    await announce(chat)
    await chat.send("/sessions")
    await chat.press(f"#{session_id} ")
    for action, state in (("Close questions", "intake_closed"), ("Start the session", "in_progress")):
        await chat.press(action)
        assert (await session_row(db, session_id)).state == state
    # concluded only once its end has been recorded (the card's button while in progress)
    assert "end has not been recorded" in await chat.press("Conclude")
    assert (await session_row(db, session_id)).state == "in_progress"
    assert "ended at" in await chat.press("Record the end")
    for action, state in (("Conclude", "concluded"), ("Close", "closed")):
        await chat.press(action)
        assert (await session_row(db, session_id)).state == state
    assert "no longer active" in await chat.press("Start the session")


async def test_a_resident_cannot_plan_a_session(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "9100")
    await register(chat)
    assert "only the chairperson or the secretary" in await chat.send("/newsession")


async def test_reminders_fire_at_the_policy_time_and_skip_residents_who_turned_announcements_off(db):
    await add_commune(db)
    clock = Clock(NOW)
    staff = await secretary(db, clock)
    session_id = await plan(staff, NOW + timedelta(days=12))
    await announce(staff)
    subscriber, quiet, asker = [Chat(await make_deps(db, clock), uid) for uid in ("9201", "9202", "9203")]
    for chat in (subscriber, quiet, asker):
        await register(chat)
    await quiet.send("/notifications")
    await quiet.press("Turn announcements off")
    await asker.send("/notifications")
    await asker.press("Turn announcements off")
    await asker.send("/ask")
    await asker.press("Land")
    await asker.send("Đường vào thôn bao giờ sửa?")
    await asker.press("Send")

    row = await session_row(db, session_id)
    remind_at = resident_reminder_at(row.starts_at, POLICY)
    assert await tick(db.unit_of_work, row.intake_closes_at - timedelta(minutes=1)) == 0
    assert await tick(db.unit_of_work, row.intake_closes_at) == 1  # the secretary's summary
    assert (await session_row(db, session_id)).state == "intake_closed"
    assert await tick(db.unit_of_work, remind_at - timedelta(minutes=1)) == 0
    assert await tick(db.unit_of_work, remind_at) == 2  # the subscriber and the asker, not the quiet one
    assert await tick(db.unit_of_work, remind_at + timedelta(hours=1)) == 0  # once only
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery).where(Delivery.broadcast_id.is_(None))
                                          .order_by(Delivery.id))).all()
    by_kind = {}
    for r in rows:
        by_kind.setdefault(r.kind, []).append(r)
    summary = by_kind["session.intake_closed"][0]
    assert summary.chat_id == "9001" and "1 questions" in summary.payload["text"]
    assert "Land" in summary.payload["text"] and "Thôn Lân Luông: 1" in summary.payload["text"]
    assert sorted(r.chat_id for r in by_kind["session.reminder"]) == ["9201", "9203"]
    assert "tomorrow" in by_kind["session.reminder"][0].payload["text"]


async def test_a_resident_who_turned_announcements_off_gets_no_announcement(db):
    await add_commune(db)
    clock = Clock(NOW)
    staff = await secretary(db, clock)
    listener, quiet = Chat(await make_deps(db, clock), "9301"), Chat(await make_deps(db, clock), "9302")
    await register(listener)
    await register(quiet)
    await quiet.send("/notifications")
    assert "off" in await quiet.press("Turn announcements off")
    session_id = await plan(staff, NOW + timedelta(days=12))
    await announce(staff)
    async with db.unit_of_work() as uow:
        chats = (await uow.session.scalars(select(Delivery.chat_id).where(Delivery.kind == "session.announce"))).all()
    assert chats == ["9301"]
    assert "Upcoming" in await listener.send("/sessions") and listener.buttons() == [f"rs:ics:{session_id}"]
