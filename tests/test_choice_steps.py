"""Steps that wait for a choice: a wrong number or stray text gets the same options again and changes nothing;
at the review, a resident's question is never replaced by a message typed afterwards without their say."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.models import Person, Question
from tests.fixtures import NOW, Chat, add_commune, agree_to_notice, make_deps, register, start_question
from tests.snapshot import snapshot

pytestmark = pytest.mark.usefixtures("channel")  # every table on Telegram and both Zalo adapters

LONG = ("Thôn Lân Luông có con đường liên thôn dài hơn hai cây số, xuống cấp nặng sau mùa mưa năm ngoái. "
        * 26).strip()  # about 2,600 characters, as the resident in the report typed


def wrong_choice(chat: Chat, count: int) -> str:
    """What a resident is told after a wrong number or stray text where an option was expected."""
    return f"Please reply with a number from 1 to {count}." if chat.zalo else "Please choose one of the options"


async def questions(db) -> list[Question]:
    async with db.unit_of_work() as uow:
        return list((await uow.session.scalars(select(Question).order_by(Question.id))).all())


async def at_review(chat: Chat, text: str) -> str:
    await start_question(chat, "infra")
    return await chat.send(text)


async def test_a_wrong_number_or_stray_text_at_the_village_step_keeps_the_resident_there(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "7001")
    await chat.send("/start")
    await agree_to_notice(chat)
    await chat.send("Đỗ Văn Hùng")
    before = await snapshot(db)
    for typed in ("7", "0", "Thôn tôi ở gần chợ", "12"):
        await chat.send(typed)
        assert wrong_choice(chat, 2) in chat.shown, (typed, chat.shown)
        if chat.zalo:  # the same options, numbered as before
            assert "1. Thôn Lân Luông" in chat.shown and "2. Thôn Bến Đá" in chat.shown
    assert await snapshot(db) == before
    assert "Village: Thôn Bến Đá" in await chat.press("Thôn Bến Đá")
    assert "registered, Đỗ Văn Hùng" in await chat.send("Skip")


async def test_a_wrong_number_at_the_review_shows_the_options_again_and_keeps_the_question(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "7002")
    await register(chat)
    assert "check your question" in await at_review(chat, LONG)
    for typed in ("7", "0", "4"):
        await chat.send(typed)
        assert wrong_choice(chat, 3) in chat.shown, (typed, chat.shown)
        if chat.zalo:
            assert "1. ✅ Send" in chat.shown and "2. ✏️ Rewrite" in chat.shown and "3. ✖ Cancel" in chat.shown
    assert "TT-0001" in await chat.press("Send")
    assert [q.text for q in await questions(db)] == [LONG]


async def test_text_typed_at_the_review_never_replaces_the_question_silently(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "7003")
    await register(chat)
    await at_review(chat, LONG)
    asked = await chat.send("thôi để mai")
    assert "What should I do with “thôi để mai”?" in asked
    assert chat.buttons() == ["ask:add", "ask:replace", "ask:drop"]  # Send waits until they decide
    await chat.send("9")
    assert wrong_choice(chat, 3) in chat.shown
    assert "TT-" not in await chat.press("Send") and chat.buttons() == ["ask:add", "ask:replace", "ask:drop"]
    review = await chat.press("Leave it out")
    assert "check your question" in review and "thôi để mai" not in review
    assert "TT-0001" in await chat.press("Send")
    assert [q.text for q in await questions(db)] == [LONG]


async def test_text_typed_at_the_review_is_added_or_replaces_only_when_the_resident_says_so(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "7004")
    await register(chat)
    await at_review(chat, "Đèn đường thôn hỏng.")
    await chat.send("Đã hỏng ba tháng nay.")
    assert "Đèn đường thôn hỏng.\nĐã hỏng ba tháng nay." in await chat.press("Add it to my question")
    assert "TT-0001" in await chat.press("Send")
    await at_review(chat, "Câu hỏi cũ")
    await chat.send("Câu hỏi mới, viết lại cho rõ")
    review = await chat.press("Use it instead of my question")
    assert "Câu hỏi mới, viết lại cho rõ" in review and "Câu hỏi cũ" not in review
    assert "TT-0002" in await chat.press("Send")
    assert [q.text for q in await questions(db)] == ["Đèn đường thôn hỏng.\nĐã hỏng ba tháng nay.",
                                                      "Câu hỏi mới, viết lại cho rõ"]


async def test_rewriting_is_the_explicit_rewrite_choice(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "7005")
    await register(chat)
    await at_review(chat, "Bản nháp đầu tiên")
    assert "type your question again" in await chat.press("Rewrite")
    assert "Bản nháp thứ hai" in await chat.send("Bản nháp thứ hai")
    await chat.press("Send")
    assert [q.text for q in await questions(db)] == ["Bản nháp thứ hai"]


async def test_stray_text_at_other_choice_steps_is_refused_without_leaving_the_step(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "7006")
    await register(chat)
    await chat.send("/ask")
    await chat.press("General questions (no session)")
    await chat.send("đất đai")  # the topic step waits for a topic
    assert wrong_choice(chat, 8) in chat.shown
    assert "type your question" in await chat.press("Land")
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Person.full_name)) == "Nguyễn Văn An"


async def test_a_question_sent_after_its_session_stopped_taking_questions_goes_in_as_a_general_one(db):
    commune_id = await add_commune(db)
    async with db.unit_of_work() as uow:
        session = await uow.repo.save_session(None, [], commune_id=commune_id, title="Đối thoại quý IV",
                                              state="announced", starts_at=NOW + timedelta(days=10))
        await uow.commit()
    chat = Chat(await make_deps(db), "7007")
    await register(chat)
    await chat.send("/ask")  # the only session of their village is chosen for them
    await chat.press("Land")
    assert "Đối thoại quý IV" in await chat.send("Câu hỏi cho phiên họp")
    async with db.unit_of_work() as uow:  # meanwhile the secretary closes the intake
        await uow.repo.record_session_transition(await uow.repo.lock_session(session.id), "intake_closed", None)
        await uow.commit()
    sent = await chat.press("Send")
    assert "TT-0001" in sent and "general question" in sent
    [question] = await questions(db)
    assert question.session_id is None and question.text == "Câu hỏi cho phiên họp"
