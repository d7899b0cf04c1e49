"""Recording outcomes and the chair's conclusion, then publishing: each asker gets their own outcome only."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.models import DialogueSession, Question
from tests.fixtures import (NOW, a_session_with_two_questions, ask_in, converse, open_question, open_session, outbox,
                            published, record_the_end, start_on_the_card)


async def test_the_secretary_drafts_the_chair_approves_and_publishing_tells_each_asker_only_their_own_outcome(db):
    people, session_id, road, land = await a_session_with_two_questions(db)
    secretary, chair = people["secretary"], people["chair"]
    card = await secretary.send(f"/conclude {session_id}")
    assert "Outcomes of 2 questions" in card and "TT-0001" in card and "TT-0002" in card
    await secretary.press("Write the conclusion")
    saved = await secretary.send("UBND xã tiếp thu các ý kiến, giao các bộ phận trả lời đúng hạn.")
    assert "draft, waiting for the chair's approval" in saved
    assert "Only the chairperson approves" in await secretary.press("Approve (chair)")
    await chair.send(f"/conclude {session_id}")
    assert "approved by the chair" in await chair.press("Approve (chair)")

    assert "end has not been recorded" in await chair.press("Publish")  # the session has not ended yet
    await record_the_end(secretary, session_id)
    await chair.send(f"/conclude {session_id}")
    refused = await chair.press("Publish")
    assert "no outcome yet: TT-0001, TT-0002" in refused
    await open_question(secretary, road)
    await secretary.press("Answer")
    await secretary.send("Xã sẽ sửa đường trong tháng 12/2026 bằng nguồn vốn nông thôn mới.")
    await open_question(secretary, land)
    await secretary.press("Assign")
    await secretary.press("Phòng Kinh tế")
    before = len(await outbox(db))

    assert "register" in await chair.press("Publish")
    assert await outbox(db) == (await outbox(db))[:before]  # nothing goes out before the numbers are typed
    assert "number of the minutes" in await chair.send("05/TB-UBND")
    published = await chair.send("3")
    assert "Published as notice No. 05/TB-UBND" in published and "1 village heads" in published
    outcomes = [(chat, text) for chat, kind, text in (await outbox(db))[before:] if kind == "conclusion.outcome"]
    assert [chat for chat, _ in outcomes] == [people["an"].user_id, people["bình"].user_id]
    to_an, to_binh = outcomes[0][1], outcomes[1][1]
    assert "TT-0001" in to_an and "sửa đường trong tháng 12/2026" in to_an and "TT-0002" not in to_an
    # written answers count 10 working days from the notice (Monday 23/11; 24/11 is a holiday)
    assert "TT-0002" in to_binh and "Phòng Kinh tế will answer you in writing by 08/12/2026" in to_binh
    assert "TT-0001" not in to_binh and "sửa đường" not in to_binh
    summaries = [(chat, text) for chat, kind, text in await outbox(db, "conclusion.") if kind != "conclusion.outcome"]
    assert [chat for chat, _ in summaries] == [people["head"].user_id]
    assert "05/TB-UBND" in summaries[0][1] and "Nguyễn Văn An" not in summaries[0][1]
    async with db.unit_of_work() as uow:
        assert (await uow.session.get(DialogueSession, session_id)).state == "concluded"
    assert "Only an approved, unpublished conclusion" in await chair.press("Publish")


async def test_the_clerk_types_the_register_numbers_and_a_wrong_or_used_number_changes_nothing(db):
    people, first = await published(db)  # notice 01/TB-UBND and minutes 01/BB-UBND, this year
    secretary, chair = people["secretary"], people["chair"]
    second = await open_session(db, NOW + timedelta(days=1))
    await ask_in(people["an"], second, "Đèn đường thôn Bến Đá bị hỏng.")
    await start_on_the_card(secretary, second)
    await converse(secretary, [(f"/conclude {second}", ""), ("[Write the conclusion]", ""),
                               ("Giao bộ phận chuyên môn sửa đèn.", "Saved"), ("/q TT-0003", "TT-0003"),
                               ("[Answer]", ""), ("Đã sửa xong.", "Saved")])
    await chair.send(f"/conclude {second}")
    await chair.press("Approve")
    await record_the_end(secretary, second)
    await chair.send(f"/conclude {second}")
    await chair.press("Publish")
    assert "only the number" in await chair.send("số năm")
    assert "already on another document" in await chair.send("01")
    assert "number of the minutes" in await chair.send("02")
    assert "already on another document" in await chair.send("1")
    async with db.unit_of_work() as uow:
        assert (await uow.repo.conclusion(second)).published_at is None
    assert "Published as notice No. 02/TB-UBND" in await chair.send("02")


async def test_residents_and_other_communes_staff_cannot_conclude_and_a_planned_session_is_refused(db):
    people, session_id, _, _ = await a_session_with_two_questions(db)
    assert "only the chairperson or the secretary" in await people["an"].send(f"/conclude {session_id}")
    assert "session number" in await people["secretary"].send("/conclude abc")
    assert "not found" in await people["secretary"].send("/conclude 999")
    later = await open_session(db, NOW + timedelta(days=20))
    assert "has not started yet" in await people["secretary"].send(f"/conclude {later}")
    async with db.unit_of_work() as uow:
        states = (await uow.session.scalars(select(Question.state))).all()
    assert set(states) == {"new"}
