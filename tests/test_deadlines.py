"""Working days on Vietnam's real calendar, the commune's overrides, and every deadline rule (Civil Code)."""
from __future__ import annotations

from datetime import date

import pytest

from handlers.commune.deadlines import Rule, add_calendar_days, add_working_days, due_date, working_days_left
from handlers.commune.policy import DEFAULTS, deadline_policy, load_deadlines
from handlers.commune.workdays import WorkCalendar, calendar_of
from tests.fixtures import add_commune

VN = WorkCalendar()
POLICY = deadline_policy({})


@pytest.mark.parametrize("day", [date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19),
                                 date(2026, 2, 20)])
def test_the_five_days_of_tet_2026_are_days_off(day):
    assert not VN.is_working_day(day)


def test_ten_working_days_from_the_friday_before_tet_skip_the_whole_holiday():
    # received Friday 13/02: Tết 16–20/02, weekend 21–22/02; counting starts Monday 23/02
    assert add_working_days(date(2026, 2, 13), 1, VN.is_working_day) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 13), 10, VN.is_working_day) == date(2026, 3, 6)


def test_saturday_22_august_2026_is_a_make_up_working_day_and_31_august_is_off_instead():
    assert VN.is_working_day(date(2026, 8, 22)) and not VN.is_working_day(date(2026, 8, 29))
    assert not VN.is_working_day(date(2026, 8, 31))
    # received Friday 21/08: the make-up Saturday counts, Mon 31/08 and 1–2/09 do not
    assert add_working_days(date(2026, 8, 21), 1, VN.is_working_day) == date(2026, 8, 22)
    assert add_working_days(date(2026, 8, 21), 7, VN.is_working_day) == date(2026, 9, 3)


def test_vietnam_cultural_day_24_november_2026_is_a_day_off():
    assert not VN.is_working_day(date(2026, 11, 24)) and VN.holiday_name(date(2026, 11, 24))
    # received Monday 23/11: Tuesday 24/11 is not counted
    assert add_working_days(date(2026, 11, 23), 1, VN.is_working_day) == date(2026, 11, 25)


def test_commune_overrides_add_days_off_and_working_days_on_top_of_the_national_calendar():
    calendar = calendar_of({date(2026, 11, 25): False, date(2026, 11, 28): True})
    assert not calendar.is_working_day(date(2026, 11, 25)) and calendar.is_working_day(date(2026, 11, 28))
    # from Monday 23/11: 24 (holiday) and 25 (commune day off) skipped; 26, 27, Saturday 28 counted
    assert add_working_days(date(2026, 11, 23), 3, calendar.is_working_day) == date(2026, 11, 28)
    assert add_working_days(date(2026, 11, 23), 3, VN.is_working_day) == date(2026, 11, 27)


def test_a_calendar_day_deadline_ending_on_a_day_off_moves_to_the_next_working_day():
    # 10 days after 14/11/2026 is Tuesday 24/11, a holiday: the deadline is Wednesday 25/11
    assert add_calendar_days(date(2026, 11, 14), 10, VN.is_working_day) == date(2026, 11, 25)
    assert add_calendar_days(date(2026, 11, 13), 10, VN.is_working_day) == date(2026, 11, 23)


@pytest.mark.parametrize("rule, start, due", [
    (Rule.CONCLUSION_NOTICE, date(2026, 11, 20), date(2026, 11, 30)),  # 5 wd; 24/11 off
    (Rule.WRITTEN_ANSWER, date(2026, 11, 20), date(2026, 12, 7)),  # 10 wd
    (Rule.COMPLEX_ANSWER, date(2026, 11, 20), date(2027, 1, 5)),  # 30 wd; 24/11 and 1/1/2027 off
    (Rule.PETITION_ACK, date(2026, 2, 13), date(2026, 3, 6)),  # 10 wd over Tết
    (Rule.VILLAGE_HEADS, date(2026, 11, 14), date(2026, 11, 25)),  # 10 calendar days, moved off the holiday
])
def test_every_deadline_rule_counts_from_its_start_with_the_default_policy(rule, start, due):
    assert due_date(rule, start, POLICY, VN.is_working_day) == due


def test_a_commune_may_change_a_deadline_and_its_policy_keeps_the_legal_basis():
    policy = deadline_policy({"deadline.written_answer_wd": "15"})
    assert due_date(Rule.WRITTEN_ANSWER, date(2026, 11, 20), policy, VN.is_working_day) == date(2026, 12, 14)
    assert "Điều 28" in DEFAULTS["deadline.petition_ack_wd"][1] and POLICY.remind_before == 2


def test_working_days_left_counts_down_to_zero_on_the_due_day_and_below_after_it():
    due = date(2026, 11, 27)
    assert [working_days_left(d, due, VN.is_working_day) for d in
            (date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 27), date(2026, 11, 30))] == [3, 2, 0, -1]


async def test_a_communes_overrides_are_stored_and_loaded_with_its_policy(db):
    commune_id = await add_commune(db)
    async with db.unit_of_work() as uow:
        await uow.repo.set_day_override(commune_id, date(2026, 11, 25), False, "Lễ hội xã")
        await uow.repo.set_policy(commune_id, "deadline.written_answer_wd", "15", "Seed 003")
        await uow.commit()
    async with db.unit_of_work() as uow:
        policy, calendar = await load_deadlines(uow.repo, commune_id)
    assert not calendar.is_working_day(date(2026, 11, 25)) and policy.working_days[Rule.WRITTEN_ANSWER] == 15
