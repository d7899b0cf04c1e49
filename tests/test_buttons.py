"""Button data: one typed kind per format builds and parses it; the wire format of every button stays as it was."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from handlers.commune import buttons as commune
from handlers.conclusions import buttons as conclusions
from handlers.conversation import buttons
from handlers.conversation.buttons import KINDS, MAX_BYTES, ButtonKind, Choice, Int
from handlers.dispatch import ROUTES
from handlers.meeting import buttons as meeting
from handlers.people import buttons as people
from handlers.publicity import buttons as publicity
from handlers.questions import buttons as questions
from handlers.sessions import buttons as sessions

ROOT = Path(__file__).resolve().parent.parent

# (kind, values, data): the exact strings buttons on residents' phones and stored outbox payloads carry today.
WIRE = [
    (people.CONSENT, {"answer": "yes"}, "consent:yes"),
    (people.PURPOSE, {"purpose": "announcements", "answer": "yes"}, "cp:announcements:yes"),
    (people.LANGUAGE, {"language": "vi"}, "lang:vi"),
    (people.COMMUNE, {"id": 2}, "commune:2"),
    (people.VILLAGE, {"id": 17}, "village:17"),
    (people.MY_DATA, {"action": "forget-yes"}, "me:forget-yes"),
    (sessions.ANNOUNCEMENTS, {"wanted": "off"}, "nt:off"),
    (questions.ASK_SESSION, {"id": 0}, "ask:s:0"),
    (questions.ASK_TOPIC, {"topic": "land"}, "ask:t:land"),
    (questions.ASK_REVIEW, {"action": "confirm"}, "ask:confirm"),
    (questions.MY_TICKET, {"id": 42}, "mt:42"),
    (questions.MY_TICKETS_PAGE, {"page": 3}, "mt:p:3"),
    (questions.ME_TOO, {"id": 7}, "sup:7"),
    (conclusions.FEEDBACK, {"id": 9, "verdict": "n"}, "fb:9:n"),
    (questions.QUEUE, {"state": "open", "topic": "-", "village": 0, "page": 1, "order": ""}, "qu:open:-:0:1"),
    (questions.QUEUE, {"state": "answered", "topic": "land", "village": 3, "page": 0, "order": "s"},
     "qu:answered:land:3:0:s"),
    (questions.QUEUE_FILTER, {"which": "t", "state": "open", "topic": "-", "village": 0}, "qf:t:open:-:0"),
    (questions.QUESTION, {"id": 12}, "qd:12"),
    (questions.QUESTION_FILES, {"id": 12}, "qx:12"),
    (questions.QUESTION_ACTION, {"action": "answer", "id": 12}, "qa:answer:12"),
    (questions.QUESTION_DEPARTMENT, {"id": 12, "department": "xay-dung-moi-truong"}, "qdep:12:xay-dung-moi-truong"),
    (questions.QUESTION_COMPLEX, {"id": 12}, "qcx:12"),
    (questions.KIND_CHOSEN, {"to": "complaint", "id": 12}, "qk:complaint:12"),
    (questions.DENOUNCED_CHAIR, {"chair": "y", "id": 12}, "qk:ch:y:12"),
    (questions.RECLASSIFY, {"to": "question", "id": 12}, "qrk:question:12"),
    (questions.QUESTION_ACCEPT, {"id": 12}, "qac:12"),
    (sessions.PLAN_KIND, {"session_kind": "extraordinary"}, "ns:kind:extraordinary"),
    (sessions.PLAN_THEME, {"theme": "admin_reform"}, "ns:theme:admin_reform"),
    (sessions.PLAN_ONLINE, {}, "ns:online"),
    (sessions.PLAN_VILLAGE, {"village": 4}, "ns:v:4"),
    (sessions.PLAN_VILLAGE, {"village": "done"}, "ns:v:done"),
    (sessions.PLAN_INTAKE, {}, "ns:intake"),
    (sessions.PLAN_CO, {"co": "front"}, "ns:co:front"),
    (sessions.SESSION, {"verb": "open", "id": 5}, "ss:open:5"),
    (sessions.SESSION_EDIT, {"id": 5, "field": "villages"}, "ss:edit:5:villages"),
    (sessions.SESSION_DO, {"id": 5, "action": "close_intake"}, "ss:do:5:close_intake"),
    (sessions.SESSION_CALENDAR, {"id": 5}, "rs:ics:5"),
    (sessions.LINK_VILLAGE, {"id": 2}, "lv:2"),
    (conclusions.CONCLUSION, {"verb": "pub", "id": 5}, "cc:pub:5"),
    (meeting.SPEAK_SESSION, {"id": 5}, "sp:s:5"),
    (meeting.RECORD, {"verb": "end", "id": 5}, "rec:end:5"),
    (meeting.SPEAK_AGREE, {"answer": "yes", "id": 5}, "sp:a:yes:5"),
    (meeting.SPEAKER, {"verb": "abs", "id": 8}, "sp:abs:8"),
    (sessions.PETITION_NEW, {}, "pe:new"),
    (sessions.PETITION, {"verb": "wd", "id": 3}, "pe:wd:3"),
    (questions.PROXY_CONSENT, {"answer": "no"}, "px:no"),
    (questions.PROXY_TOPIC, {"topic": "infra"}, "px:t:infra"),
    (people.STAFF_MEMBER, {"verb": "rm", "id": 12}, "st:rm:12"),
    (people.INVITE, {"id": 5}, "inv:5"),
    (people.LINK_REQUEST, {"answer": "ok", "id": 7}, "lk:ok:7"),
    (commune.POLICY_KEY, {"key": "petition.voter_count"}, "pol:petition.voter_count"),
    (publicity.PUBLICITY, {"what": "loa", "stage": "res", "id": 5}, "pb:loa:res:5"),
]


@pytest.mark.parametrize("kind, values, data", WIRE, ids=[w[2] for w in WIRE])
def test_every_kind_builds_the_data_buttons_already_carry_and_parses_it_back(kind, values, data):
    assert kind.build(**values) == data
    parsed = buttons.parse(data)
    assert parsed.kind is kind and {name: getattr(parsed, name) for name in values} == values


def test_the_table_covers_every_kind_and_dispatch_routes_every_kind():
    assert {kind.prefix for kind, _, _ in WIRE} == set(KINDS)
    assert {route.kind for route in ROUTES.buttons} == set(KINDS.values())


@pytest.mark.parametrize("data", ["qd:²", "qd:٣", "qd:-1", "qd:+1", "qd: 1", "qd:1 ", "qd:01x", "qd:",
                                  "qd:2147483648", "mt:p:10001", "qa:reopen:1", "qa:answer", "qa:answer:1:2",
                                  "ns:online:1", "pe:new:", "qu:open:-:0:0:x", "qu:open:-:0", "qdep:1:Địa",
                                  "qdep:1:" + "a" * 41, "ask:s:1.0", "x" * 65, "", ":", "ss:edit:1:zap"])
def test_data_no_kind_would_build_is_refused(data):
    assert buttons.parse(data) is None


def test_ids_run_to_postgresqls_integer_limit_and_no_further():
    assert buttons.parse("qd:2147483647").id == 2**31 - 1
    with pytest.raises(ValueError):
        questions.QUESTION.build(id=2**31)
    with pytest.raises(ValueError):
        questions.QUESTION.build(id=-1)
    with pytest.raises(ValueError):
        questions.QUESTION_ACTION.build(action="reopen", id=1)


def test_a_kind_that_could_exceed_telegrams_64_bytes_is_refused_when_declared():
    with pytest.raises(ValueError, match="64"):
        ButtonKind("toolong", Choice("a", ("x" * 30,)), Choice("b", ("y" * 30,)))
    assert all(len(kind.prefix) + sum(1 + f.widest for f in kind.fields) <= MAX_BYTES for kind in KINDS.values())
    with pytest.raises(ValueError, match="twice"):
        ButtonKind("qd", Int("id"))


def test_a_two_word_prefix_never_reads_as_its_one_word_neighbour():
    for prefix in (p for p in KINDS if ":" in p):
        head, word = prefix.split(":")
        neighbour = KINDS.get(head)
        if neighbour is not None and neighbour.fields:
            assert neighbour.fields[0].load(word) is None, prefix


def _hand_made_data(path: Path) -> list[str]:
    """Button(label, data) calls whose data is a literal or an f-string, and splits of callback data."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Button" and len(node.args) > 1:
            if isinstance(node.args[1], (ast.Constant, ast.JoinedStr, ast.BinOp)):
                found.append(f"{path.name}:{node.lineno} Button data built by hand")
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("split", "partition", "rpartition") \
                and "data" in ast.unparse(node.func.value):
            found.append(f"{path.name}:{node.lineno} button data split by hand")
    return found


def test_no_handler_builds_or_splits_button_data_by_hand():
    machinery = ROOT / "handlers" / "conversation" / "buttons.py"
    offenders = [hit for path in sorted((ROOT / "handlers").rglob("*.py")) if path != machinery
                 for hit in _hand_made_data(path)]
    assert offenders == []
