"""/mydata: a resident sees, corrects and deletes their personal data."""
from __future__ import annotations

from sqlalchemy import select

from storage.models import ChannelAccount, Consent, Person, Question
from tests.fixtures import Chat, add_commune, ask, deliveries, join_staff, make_deps, register


async def test_a_resident_sees_what_is_kept_about_them(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "6001")
    await register(chat, name="Phan Văn Đức", phone="0912345678")
    await ask(chat)
    shown = await chat.send("/mydata")
    for fact in ("Phan Văn Đức", "Thiện Tân", "Thôn Lân Luông", "0912345678", "Questions sent: 1", "version 2026-12-v3"):
        assert fact in shown


async def test_a_resident_corrects_their_name_and_village(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "6002")
    await register(chat, name="Phan Van Duc")
    await chat.send("/mydata")
    await chat.press("Correct my name")
    assert "does not look like a full name" in await chat.send("7")
    assert "Your name is now Phan Văn Đức." in await chat.send("Phan Văn Đức")
    await chat.send("/mydata")
    await chat.press("Change village")
    assert "Bến Đá" in await chat.press("Bến Đá")
    assert "Thôn Bến Đá" in await chat.send("/mydata")


async def test_withdrawing_consent_deletes_identity_but_keeps_the_question_anonymously(db):
    await add_commune(db)
    deps = await make_deps(db)
    chat = Chat(deps, "6003")
    await register(chat, name="Ẩn Danh Sau Này", phone="0987654321")
    await ask(chat, "Câu hỏi vẫn được lưu")
    await chat.send("/mydata")
    assert "Continue?" in await chat.press("Withdraw consent and delete")
    assert "deleted" in await chat.press("Yes, delete my data")
    async with db.unit_of_work() as uow:
        person = await uow.session.scalar(select(Person))
        assert (person.full_name, person.phone) == ("", None)
        assert await uow.session.scalar(select(Consent.withdrawn_at)) is not None
        assert await uow.session.scalar(select(ChannelAccount.person_id)) is None
        assert await uow.session.scalar(select(Question.text)) == "Câu hỏi vẫn được lưu"
    staff, _ = await join_staff(db, deps, "6004", "secretary")
    assert "Ẩn Danh" not in await staff.send("/q TT-0001")
    await staff.press("Answer")
    await staff.send("Trả lời")
    assert [chat_id for chat_id, _ in await deliveries(db) if chat_id == "6003"] == []
    assert "/start" in await chat.send("/mytickets")


async def test_keeping_the_data_changes_nothing(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "6005")
    await register(chat, name="Giữ Lại")
    await chat.send("/mydata")
    await chat.press("Withdraw consent and delete")
    assert "Nothing was changed." in await chat.press("No, keep it")
    assert "Giữ Lại" in await chat.send("/mydata")
