"""The question window of a session announced at short notice: intake never closes before the announcement (nor
at once for a session hours ahead), and staff are told when residents would have less time than the policy allows."""
from __future__ import annotations

from datetime import datetime, timedelta

from handlers.commune.policy import session_policy
from handlers.sessions.reminders import tick
from handlers.sessions.rules import intake_close_at
from handlers.conversation.i18n import VIETNAM
from storage.models import DialogueSession
from tests.fixtures import NOW, Chat, Clock, add_commune, join_staff, make_deps, outbox, register

POLICY = session_policy({})


def test_a_close_already_past_moves_to_the_eve_of_the_session_or_to_its_start():
    starts = datetime(2026, 11, 26, 8, 0, tzinfo=VIETNAM)
    planned = datetime(2026, 11, 22, 0, 0, tzinfo=VIETNAM)  # the end of 21/11: before the announcement
    assert intake_close_at(NOW, starts, planned, POLICY) == datetime(2026, 11, 26, 0, 0, tzinfo=VIETNAM)
    soon = NOW + timedelta(hours=2)
    assert intake_close_at(NOW, soon, None, POLICY) == soon
    later = datetime(2026, 12, 20, 0, 0, tzinfo=VIETNAM)
    assert intake_close_at(NOW, later + timedelta(days=10), later, POLICY) == later  # as planned


async def plan_and_announce(chat: Chat, when: str) -> tuple[int, str]:
    await chat.send("/newsession")
    await chat.press("Periodic")
    await chat.press("General")
    await chat.send(when)
    await chat.send("Hội trường UBND xã")
    await chat.press("All villages")
    await chat.press("Until ")  # the default close of questions
    card = await chat.press("Done")
    session_id = int(chat.button("Announce").rpartition(":")[2])
    await chat.press("Announce")
    await chat.press("Announce with a reason")
    return session_id, card + "\n" + await chat.send("Bão số 9 làm lùi lịch, phải họp gấp trước khi nghỉ Tết.")


async def people(db) -> tuple[Chat, Chat]:
    await add_commune(db)
    deps = await make_deps(db, Clock(NOW))
    secretary, _ = await join_staff(db, deps, "9001", "secretary")
    resident = Chat(deps, "7001")
    await register(resident)
    return secretary, resident


async def test_a_session_three_days_ahead_takes_questions_until_its_eve_and_says_so(db):
    secretary, resident = await people(db)
    session_id, reply = await plan_and_announce(secretary, "26/11/2026 08:00")  # Monday 23/11 → Thursday 26/11
    assert "Questions until: the end of 25/11/2026" in reply
    announced = [text for _, kind, text in await outbox(db, "session.announce") if kind == "session.announce"]
    assert announced and "no later than the end of 25/11/2026" in announced[0]
    assert "21/11/2026" not in announced[0] and "22/11/2026" not in announced[0]
    await tick(secretary.deps.unit_of_work, NOW)
    assert "Your question is for the session on 2" in await resident.send("/ask")


async def test_a_session_two_hours_ahead_keeps_its_intake_open_until_it_starts_and_staff_are_warned(db):
    secretary, resident = await people(db)
    session_id, reply = await plan_and_announce(secretary, "23/11/2026 12:00")  # now is 10:00
    assert "Questions until: 12:00 23/11/2026" in reply
    assert "less than 2 days to send questions (until 12:00 23/11/2026)" in reply
    await tick(secretary.deps.unit_of_work, NOW + timedelta(minutes=5))
    async with secretary.deps.unit_of_work() as uow:
        row = await uow.session.get(DialogueSession, session_id)
        assert row.state == "announced" and row.intake_closes_at == row.starts_at
    assert "Your question is for the session on 2" in await resident.send("/ask")
