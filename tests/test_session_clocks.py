"""After a session: the conclusion notice and the results to village heads are reminded before they lapse and
escalated once they have; and a year without a periodic session is pointed out to the commune's leaders."""
from __future__ import annotations

from datetime import timedelta

from handlers.conclusions.notice_clock import tick as notice_tick
from handlers.sessions.periodic import tick as periodic_tick
from tests.fixtures import NOW, a_session_with_two_questions, community, open_session, outbox, published

DAY = timedelta(days=1)


async def test_the_conclusion_notice_is_reminded_before_it_lapses_and_the_chair_told_once_it_has(db):
    people, session_id, _, _ = await a_session_with_two_questions(db)  # held Thursday 26/11/2026
    # notice: 5 working days → Thursday 03/12; village heads: 10 days → Sunday 06/12, so Monday 07/12
    assert await notice_tick(db.unit_of_work, NOW + 3 * DAY) == 0
    assert await notice_tick(db.unit_of_work, NOW + 7 * DAY) == 0  # Monday 30/11: 3 working days left
    assert await notice_tick(db.unit_of_work, NOW + 8 * DAY) == 2  # Tuesday 01/12: the chair and the secretary
    assert await notice_tick(db.unit_of_work, NOW + 10 * DAY) == 0  # Thursday 03/12, the last day: once only
    assert await notice_tick(db.unit_of_work, NOW + 11 * DAY) == 1  # Friday 04/12: overdue → the chair
    assert await notice_tick(db.unit_of_work, NOW + 12 * DAY) == 0
    sent = await outbox(db, "notice.")
    assert sorted(chat for chat, kind, _ in sent if kind == "notice.reminder") == \
        sorted([people["chair"].user_id, people["secretary"].user_id])
    reminder = sent[0][2]
    assert f"/conclude {session_id}" in reminder and "03/12/2026" in reminder and "07/12/2026" in reminder
    assert [(chat, kind) for chat, kind, _ in sent][-1] == (people["chair"].user_id, "notice.overdue")


async def test_a_published_conclusion_stops_the_clock(db):
    await published(db)
    assert await notice_tick(db.unit_of_work, NOW + 8 * DAY) == 0
    assert await notice_tick(db.unit_of_work, NOW + 11 * DAY) == 0


async def test_a_year_without_a_periodic_session_is_pointed_out_once_from_october(db):
    deps, people = await community(db)
    assert await periodic_tick(db.unit_of_work, NOW) == 2  # November 2026, none yet: the chair and the secretary
    assert await periodic_tick(db.unit_of_work, NOW + DAY) == 0  # once a year
    text = (await outbox(db, "session.periodic"))[0][2]
    assert "0 periodic dialogue sessions" in text and "2026" in text and "at least 1 a year" in text
    assert await periodic_tick(db.unit_of_work, NOW + 120 * DAY) == 0  # March 2027: not yet October
    await open_session(db, NOW + 330 * DAY)  # announced for October 2027
    assert await periodic_tick(db.unit_of_work, NOW + 320 * DAY) == 0  # October 2027: the year has one


async def test_a_commune_with_a_periodic_session_this_year_is_not_reminded(db):
    deps, people = await community(db)
    await open_session(db, NOW + 10 * DAY)
    assert await periodic_tick(db.unit_of_work, NOW) == 0
