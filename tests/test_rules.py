"""Pure rules: ticket states, codes, deadlines, text cleaning, permissions."""
from __future__ import annotations

from datetime import date

import pytest

from handlers.commune.deadlines import add_working_days
from handlers.conversation.access import Role
from handlers.conversation.errors import NotAllowed
from handlers.conversation.text import fold, looks_like_name, normalise
from handlers.questions.rules import (STAFF_ACTIONS, Action, TicketState, allowed_actions, format_code, may_act,
                                      next_state, parse_code)


@pytest.mark.parametrize("action, target", [
    (Action.ASSIGN, TicketState.ASSIGNED), (Action.ANSWER, TicketState.ANSWERED),
    (Action.DECLINE, TicketState.DECLINED), (Action.FORWARD, TicketState.FORWARDED),
    (Action.MERGE, TicketState.MERGED)])
def test_an_open_question_moves_to_the_actions_state(action, target):
    assert next_state(TicketState.NEW, action) is target
    assert next_state(TicketState.ASSIGNED, action) is target


@pytest.mark.parametrize("closed", [TicketState.ANSWERED, TicketState.DECLINED, TicketState.FORWARDED,
                                    TicketState.MERGED])
@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_a_closed_question_refuses_every_action(closed, action):
    with pytest.raises(NotAllowed):
        next_state(closed, action)
    assert allowed_actions(closed) == []


def test_ticket_codes_read_well_over_the_phone_and_parse_back():
    assert format_code("TT", 42) == "TT-0042"
    assert parse_code("tt 42") == parse_code("TT-0042") == parse_code(" tt-42 ") == "TT-0042"
    assert parse_code("TT0042") == "TT-0042"
    assert parse_code("hello") == "" and parse_code("42") == ""


def test_working_days_skip_the_receipt_day_and_weekends():
    friday, weekdays = date(2026, 11, 20), (lambda d: d.weekday() < 5)
    assert add_working_days(friday, 1, weekdays) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 23), 10, weekdays) == date(2026, 12, 7)
    day_off = date(2026, 11, 24)
    assert add_working_days(date(2026, 11, 23), 1, lambda d: d.weekday() < 5 and d != day_off) == date(2026, 11, 25)


def test_text_is_composed_trimmed_and_folded_for_matching():
    assert normalise("  Nguye\u0302\u0303n   Va\u0306n  ") == "Nguyễn Văn"
    assert fold("Bỏ qua") == fold("bo qua") == "bo qua"
    assert fold("Đồng ý") == "dong y"
    assert looks_like_name("Lê Văn Tám") and not looks_like_name("1") and not looks_like_name("x" * 101)


def test_officers_may_only_answer_their_own_departments_questions():
    assert may_act({Role.OFFICER}, Action.ANSWER, own_department=True)
    assert not may_act({Role.OFFICER}, Action.ANSWER, own_department=False)
    assert not may_act({Role.OFFICER}, Action.ASSIGN, own_department=True)
    assert not may_act({Role.VILLAGE_HEAD}, Action.ANSWER, own_department=True)
    assert all(may_act({Role.SECRETARY}, a, own_department=False) for a in Action)
    assert not may_act(set(), Action.ANSWER, own_department=True)


def test_only_an_answered_question_can_be_reopened_and_a_reopened_one_is_open_again():
    assert next_state(TicketState.ANSWERED, Action.REOPEN) is TicketState.REOPENED
    for state in (TicketState.NEW, TicketState.ASSIGNED, TicketState.DECLINED, TicketState.REOPENED):
        with pytest.raises(NotAllowed):
            next_state(state, Action.REOPEN)
    assert next_state(TicketState.REOPENED, Action.ANSWER) is TicketState.ANSWERED
    assert Action.REOPEN not in allowed_actions(TicketState.REOPENED)
