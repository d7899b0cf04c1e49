"""Ticket codes: the commune's next number is taken in the question's own statement, so questions sent at once get
distinct codes in order, a question that is not saved uses up no number, and codes go past 9999 whole."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, update

from bot.admin import add_commune
from storage.models import Commune, Person, Question


async def _resident(db) -> tuple[int, int]:
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
        person = Person(commune_id=commune.id, full_name="Nguyễn Văn An")
        uow.session.add(person)
        await uow.session.flush()
        await uow.commit()
        return commune.id, person.id


async def _ask(db, commune_id: int, person_id: int, text: str, commit: bool = True) -> str:
    async with db.unit_of_work() as uow:
        question = await uow.repo.create_question(commune_id=commune_id, asker_id=person_id, village_id=None,
                                                  session_id=None, topic="land", text=text, actor_id=person_id)
        if commit:
            await uow.commit()
        return question.code


@pytest.fixture
async def resident(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    return await _resident(db)


async def test_questions_sent_at_once_get_distinct_codes_in_order(db, resident):
    codes = await asyncio.gather(*(_ask(db, *resident, f"Câu hỏi {i}") for i in range(12)))
    assert sorted(codes) == [f"TT-{n:04d}" for n in range(1, 13)]
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Commune.next_ticket_no)) == 13


async def test_a_question_not_saved_uses_up_no_number(db, resident):
    assert await _ask(db, *resident, "Bỏ dở", commit=False) == "TT-0001"
    assert await _ask(db, *resident, "Câu hỏi thật") == "TT-0001"
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Question.code)) == "TT-0001"


async def test_codes_go_past_four_digits_whole(db, resident):
    async with db.unit_of_work() as uow:
        await uow.session.execute(update(Commune).values(next_ticket_no=9999))
        await uow.commit()
    assert [await _ask(db, *resident, "Câu hỏi"), await _ask(db, *resident, "Câu hỏi")] == ["TT-9999", "TT-10000"]
