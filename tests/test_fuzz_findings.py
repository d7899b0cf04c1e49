"""What the fuzz suite found, each kept as the smallest example that showed it (all failed before their fix)."""
from __future__ import annotations

import pytest

from tests.fixtures import BOT_EXTERNAL_ID, Chat, add_commune, agree_to_notice, make_deps, register, start_question
from tests.fuzz_inputs import State

pytestmark = pytest.mark.usefixtures("channel")
APOLOGY = "something went wrong"


async def force_state(chat: Chat, state: State, data: dict) -> None:
    bot = chat.deps.bots[(chat.channel, BOT_EXTERNAL_ID)].row_id
    async with chat.deps.unit_of_work() as uow:
        await uow.repo.load_state(bot, chat.user_id)
        await uow.repo.save_state(bot, chat.user_id, state, data)
        await uow.commit()


@pytest.mark.parametrize("state, data", [(State.PETITION_THEME, {}), (State.FIX_NAME, {}),
                                         (State.SPEAK_TEXT, {"session_id": 1}),
                                         (State.ASK_REVIEW, {"session_id": 0, "topic": "land", "text": "Câu hỏi",
                                                             "attachments": []})])
async def test_a_chat_left_mid_flow_by_someone_who_withdrew_starts_afresh(db, state, data):
    """Consent withdrawn (perhaps on the other messenger) while this chat was mid-flow: the chat has no person."""
    await add_commune(db)
    chat = Chat(await make_deps(db), "9101")
    await register(chat)
    await chat.send("/mydata")
    await chat.press("Withdraw consent and delete")
    await chat.press("Yes, delete my data")
    await force_state(chat, state, data)
    reply = await chat.send("Nguyễn Văn Hùng")
    assert APOLOGY not in reply and "/start" in reply
    assert APOLOGY not in await chat.press_data("ask:confirm")  # forged on purpose: the state was forced


async def test_editing_a_session_that_is_gone_is_refused_not_fatal(db):
    await add_commune(db)
    deps = await make_deps(db)
    from tests.fixtures import join_staff

    secretary, _ = await join_staff(db, deps, "9201", "secretary")
    draft = {"commune_id": 1, "villages": [], "co": [], "kind": "periodic", "theme": "general",
             "starts_at": "2026-12-20T01:00:00+00:00"}
    await force_state(secretary, State.PLAN_VENUE, {"draft": draft, "edit": 99})
    reply = await secretary.send("Hội trường thôn")
    assert APOLOGY not in reply and "session was not found" in reply


async def test_a_forged_file_id_with_a_nul_does_not_break_the_draft(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "9301")
    await register(chat)
    await start_question(chat)
    assert APOLOGY not in await chat.attach("document", "BQAC\x00r")
    assert "TT-0001" in (await chat.send("Câu hỏi"), await chat.press("Send"))[1]


@pytest.mark.parametrize("state, data", [(State.PETITION_THEME, {}), (State.SPEAK_TEXT, {"session_id": 1}),
                                         ("a.state.from.another.version", {"x": 1})])
async def test_someone_who_started_over_and_has_no_commune_yet_is_not_taken_mid_flow(db, state, data):
    """Consent withdrawn, then given again: a new person with no commune, in a chat left in another flow."""
    await add_commune(db)
    chat = Chat(await make_deps(db), "9401")
    await register(chat)
    await chat.send("/mydata")
    await chat.press("Withdraw consent and delete")
    await chat.press("Yes, delete my data")
    await chat.send("/start")
    await agree_to_notice(chat)
    await force_state(chat, state, data)
    reply = await chat.send("Đề nghị đối thoại về đường")
    assert APOLOGY not in reply


@pytest.mark.parametrize("command", ["/report", "/conclude", "/reach"])
@pytest.mark.parametrize("number", ["1000000000000000000000000000000", "²", "٣", "99999999999"])
async def test_a_session_number_no_session_can_have_is_asked_for_again(db, command, number):
    """bench/fuzz.py (seed 7): `/report 1000…0` reached the database and failed there; `²` passed isdigit()."""
    from tests.fixtures import join_staff

    await add_commune(db)
    deps = await make_deps(db)
    secretary, _ = await join_staff(db, deps, "9301", "secretary")
    reply = await secretary.send(f"{command} {number}")
    assert APOLOGY not in reply and f"{command} 3" in reply


@pytest.mark.parametrize("code", ["TT-²", "TT-99999999999999999999999", "tt ٣"])
async def test_a_question_code_with_odd_digits_is_not_found_not_fatal(db, code):
    from tests.fixtures import join_staff

    await add_commune(db)
    deps = await make_deps(db)
    secretary, _ = await join_staff(db, deps, "9401", "secretary")
    reply = await secretary.send(f"/q {code}")
    assert APOLOGY not in reply  # `TT-²` passed isdigit() and failed in int()
    assert "TT-0042" in reply or "No question with that code" in reply  # asked again, or simply not found
