"""A phường's people read the ward's own words — UBND phường, tổ dân phố, tổ trưởng tổ dân phố — in every message the
bot queues for them, not only in its direct replies: the announcement, the head's card, the session reminders, the
word that a question is accepted for the session and the clocks' reminders (issue 12)."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from handlers.commune.policy import session_policy
from handlers.conclusions.notice_clock import tick as notice_tick
from handlers.sessions.reminders import tick
from handlers.sessions.rules import resident_reminder_at
from storage.models import ChannelAccount, Commune, DialogueSession
from tests.fixtures import (NOW, Chat, Clock, add_commune, ask_in, make_deps, open_session, outbox, register,
                            staff, start_on_the_card, texts_to)

DAY = timedelta(days=1)
# a xã's words; "xã hội" (social) is another word
XA_WORDS = re.compile(r"\b(thôn|xã)\b(?! hội)", re.IGNORECASE)


async def ward(db):
    """A phường with a secretary (who plans in English), a chair, the tổ trưởng of Tổ dân phố Lân Luông and two
    residents who want announcements — all but the secretary reading Vietnamese."""
    await add_commune(db, villages=("Tổ dân phố Lân Luông", "Tổ dân phố Bến Đá"))
    async with db.unit_of_work() as uow:
        await uow.session.execute(update(Commune).values(kind="phuong"))
        await uow.commit()
    deps = await make_deps(db, Clock(NOW))
    people = {"secretary": await staff(db, deps, "8002", "secretary", "Lê Thư Ký"),
              "chair": await staff(db, deps, "8001", "chair", "Phạm Chủ Tịch"),
              "head": await staff(db, deps, "8004", "village_head", "Hoàng Tổ Trưởng",
                                  village="Tổ dân phố Lân Luông")}
    async with db.unit_of_work() as uow:
        await uow.session.execute(update(ChannelAccount).where(ChannelAccount.external_user_id.in_(["8001", "8004"]))
                                  .values(language="vi"))
        await uow.commit()
    for key in ("chair", "head"):
        people[key].language = "vi"
    for user_id, key, name, village in (("7001", "an", "Nguyễn Văn An", "Lân Luông"),
                                        ("7002", "bình", "Trần Thị Bình", "Bến Đá")):
        people[key] = Chat(deps, user_id, language="vi")
        await register(people[key], name, village)
    return people


def reads_as_a_ward(text: str) -> bool:
    return bool(text) and not XA_WORDS.search(text)


async def announced(people) -> int:
    """The secretary plans an online periodic session for every tổ dân phố 12 days ahead and announces it."""
    chat = people["secretary"]
    await chat.send("/newsession")
    await chat.press("Periodic")
    await chat.press("Administrative reform and the attitude of civil servants")
    await chat.send((NOW + 12 * DAY).strftime("%d/%m/%Y") + " 08:00")
    await chat.press("Online")
    await chat.press("All villages")
    await chat.press("Until ")  # the default close of questions
    await chat.press("Done")
    session_id = int(chat.button("Announce").rpartition(":")[2])
    await chat.press("Announce")
    await chat.press("Confirm and announce")
    return session_id


async def test_a_wards_announcement_and_reminders_say_phuong_and_to_dan_pho(db):
    people = await ward(db)
    session_id = await announced(people)
    sent = {(chat, kind): text for chat, kind, text in await outbox(db, "session.announce")}
    resident = sent["7001", "session.announce"]
    assert "Ủy ban nhân dân phường Thiện Tân" in resident and "Chủ tịch UBND phường" in resident
    assert "tất cả các tổ dân phố" in resident and reads_as_a_ward(resident), resident
    card = sent["8004", "session.announce.head"]
    assert "nhóm của tổ dân phố" in card and reads_as_a_ward(card), card

    await ask_in(people["an"], session_id, "Vỉa hè tổ dân phố bị lấn chiếm, khi nào xử lý?")
    async with db.unit_of_work() as uow:
        session = await uow.session.get(DialogueSession, session_id)
    assert await tick(db.unit_of_work, session.intake_closes_at) >= 1  # the summary to the chair and secretary
    summary = (await outbox(db, "session.intake_closed"))
    to_chair = next(text for chat, _, text in summary if chat == "8001")
    assert "Theo tổ dân phố:" in to_chair and "UBND phường" in to_chair and reads_as_a_ward(to_chair), to_chair
    remind_at = resident_reminder_at(session.starts_at, session_policy({}))
    assert await tick(db.unit_of_work, remind_at) >= 1
    reminder = next(text for chat, _, text in await outbox(db, "session.reminder") if chat == "7001")
    assert "Chủ tịch UBND phường" in reminder and reads_as_a_ward(reminder), reminder


async def test_a_ward_resident_told_their_question_is_accepted_reads_ubnd_phuong(db):
    people = await ward(db)
    session_id = await open_session(db, NOW + 20 * DAY)
    await ask_in(people["an"], session_id, "Vỉa hè tổ dân phố bị lấn chiếm, khi nào xử lý?")
    await people["secretary"].send("/q TT-0001")
    assert "accepted for the session" in await people["secretary"].press("✅ Accept for the session")
    told = (await texts_to(db, "7001"))[-1]
    assert "được đưa ra" in told and "Chủ tịch UBND phường" in told and reads_as_a_ward(told), told


async def test_a_wards_conclusion_clock_names_the_to_truong_to_dan_pho(db):
    people = await ward(db)
    session_id = await open_session(db, NOW + 3 * DAY)
    await start_on_the_card(people["secretary"], session_id)
    assert await notice_tick(db.unit_of_work, NOW + 8 * DAY) == 2  # the chair and the secretary
    to_chair = next(text for chat, _, text in await outbox(db, "notice.") if chat == "8001")
    assert "tổ trưởng tổ dân phố" in to_chair and reads_as_a_ward(to_chair), to_chair


async def test_a_ward_head_who_changes_language_keeps_the_wards_words_in_the_new_menu(db):
    people = await ward(db)
    head = people["head"]
    await head.send("/language")
    await head.press("English")
    await head.send("/language")
    await head.press("Tiếng Việt")
    menu = dict(head.outcomes[-1].menu.commands)
    assert "tổ dân phố" in menu["linkvillage"] and reads_as_a_ward(" ".join(menu.values())), menu
