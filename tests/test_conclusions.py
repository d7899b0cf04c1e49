"""Recording outcomes and the chair's conclusion, then publishing: each asker gets their own outcome only."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.models import DialogueSession, Question
from tests.fixtures import NOW, a_session_with_two_questions, open_session, outbox


async def test_the_secretary_drafts_the_chair_approves_and_publishing_tells_each_asker_only_their_own_outcome(db):
    people, session_id, road, land = await a_session_with_two_questions(db)
    secretary, chair = people["secretary"], people["chair"]
    card = await secretary.send(f"/conclude {session_id}")
    assert "Outcomes of 2 questions" in card and "TT-0001" in card and "TT-0002" in card
    await secretary.press("Write the conclusion")
    saved = await secretary.send("UBND xã tiếp thu các ý kiến, giao các bộ phận trả lời đúng hạn.")
    assert "draft, waiting for the chair's approval" in saved
    assert "Only the chairperson approves" in await secretary.press("Approve (chair)")
    assert "approved by the chair" in await chair.press_data(f"cc:ok:{session_id}")

    refused = await chair.press("Publish")
    assert "no outcome yet: TT-0001, TT-0002" in refused
    await secretary.press_data(f"qa:answer:{road}")
    await secretary.send("Xã sẽ sửa đường trong tháng 12/2026 bằng nguồn vốn nông thôn mới.")
    await secretary.press_data(f"qa:assign:{land}")
    await secretary.press("Phòng Kinh tế")
    before = len(await outbox(db))

    published = await chair.press("Publish")
    assert "Published as notice No. 01/TB-UBND" in published and "1 village heads" in published
    outcomes = [(chat, text) for chat, kind, text in (await outbox(db))[before:] if kind == "conclusion.outcome"]
    assert [chat for chat, _ in outcomes] == [people["an"].user_id, people["bình"].user_id]
    to_an, to_binh = outcomes[0][1], outcomes[1][1]
    assert "TT-0001" in to_an and "sửa đường trong tháng 12/2026" in to_an and "TT-0002" not in to_an
    # written answers count 10 working days from the notice (Monday 23/11; 24/11 is a holiday)
    assert "TT-0002" in to_binh and "Phòng Kinh tế will answer you in writing by 08/12/2026" in to_binh
    assert "TT-0001" not in to_binh and "sửa đường" not in to_binh
    summaries = [(chat, text) for chat, kind, text in await outbox(db, "conclusion.") if kind != "conclusion.outcome"]
    assert [chat for chat, _ in summaries] == [people["head"].user_id]
    assert "01/TB-UBND" in summaries[0][1] and "Nguyễn Văn An" not in summaries[0][1]
    async with db.unit_of_work() as uow:
        assert (await uow.session.get(DialogueSession, session_id)).state == "concluded"
    assert "Only an approved, unpublished conclusion" in await chair.press("Publish")


async def test_notice_numbers_run_per_year_per_document_type(db):
    from tests.fixtures import add_commune

    commune_id = await add_commune(db)
    async with db.unit_of_work() as uow:
        numbers = [await uow.repo.next_document_number(commune_id, kind, year)
                   for kind, year in (("TB", 2026), ("TB", 2026), ("BB", 2026), ("TB", 2027))]
        await uow.commit()
    assert numbers == [1, 2, 1, 1]


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
