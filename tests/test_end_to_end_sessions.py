"""A session from plan to announcement through the real bot and the local Bot API server."""
from __future__ import annotations

import asyncio
import io
import re
from datetime import datetime, timedelta

import zxingcpp
from PIL import Image
from sqlalchemy import select

from bot.admin import add_commune, invite_staff
from handlers.conversation.i18n import VIETNAM
from storage.models import DialogueSession, Question, SessionEvent
from tests.telegram_harness import BOT_USERNAME, TOKEN, agree_on_telegram, resident_registers, running_bot, staff_joins

GROUP = -1000777


async def head_joins(phone, database, user_id: int) -> None:
    link = await invite_staff(database, "25252", "village_head", None, "Thôn Lân Luông", BOT_USERNAME)
    await phone.say(user_id, "/start " + link.split("start=")[1], expect=2)
    await agree_on_telegram(phone, user_id)
    assert "Village head" in await phone.say(user_id, "Đỗ Văn Trưởng")


async def in_group(phone, user_id: int, text: str) -> str:
    before = len(phone.fake.sent(TOKEN, GROUP))
    phone.fake.inject_message(TOKEN, user_id, text, chat_id=GROUP)
    return await phone.read_new(GROUP, before)


async def plan_session(phone, secretary: int, when: datetime) -> None:
    await phone.say(secretary, "/newsession")
    await phone.press(secretary, "Periodic")
    await phone.press(secretary, "General")
    await phone.say(secretary, when.strftime("%d/%m/%Y %H:%M"))
    await phone.say(secretary, "Hội trường UBND xã")
    await phone.press(secretary, "Lân Luông", expect=0)
    await phone.press(secretary, "Done")
    await phone.press(secretary, "Until")
    await phone.press(secretary, "Fatherland Front", expect=0)
    card = await phone.press(secretary, "Done")
    assert "State: Draft" in card and "Thôn Lân Luông" in card and "Fatherland Front" in card


async def eventually(check, timeout: float = 30.0):
    for _ in range(int(timeout / 0.05)):
        result = check()
        if result:
            return result
        await asyncio.sleep(0.05)
    raise TimeoutError("the condition never held")


async def test_an_announcement_reaches_linked_groups_opted_in_residents_and_village_heads(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông", "Thôn Bến Đá"])
    async with running_bot(db) as (phone, app):
        fake = phone.fake
        secretary, head, an, binh, chi = (phone.person(uid, name) for uid, name in
                                          ((6001, "Thư"), (6002, "Trưởng"), (6003, "An"), (6004, "Bình"),
                                           (6005, "Chi")))
        await staff_joins(phone, db, secretary)
        await head_joins(phone, db, head)
        for resident in (an, binh):
            await resident_registers(phone, resident)
        assert "announcements and reminders are on" in await phone.say(binh, "/notifications")
        assert "announcements and reminders are off" in await phone.press(binh, "Turn announcements off", expect=0)
        await phone.say(chi, "/start", expect=2)
        await agree_on_telegram(phone, chi)
        await phone.say(chi, "Chi")
        await phone.press(chi, "Bến Đá")
        await phone.say(chi, "Skip", expect=2)
        await phone.press(chi, "Agree", expect=0)  # announcements

        fake.group(GROUP, "Thôn Lân Luông", members=[head, an], bot_is_admin=True)
        fake.inject_message(TOKEN, an, "Chào cả nhà", chat_id=GROUP)  # chatter: the bot stays quiet
        assert "Which village" in await in_group(phone, head, "/linkvillage")
        question, village = phone.find_button(GROUP, "Lân Luông")  # the head presses it in the group
        fake.press_button(TOKEN, head, question.message_id, village, chat_id=GROUP)
        await eventually(lambda: "now linked to Thôn Lân Luông" in (question.text or ""))
        assert len(fake.sent(TOKEN, GROUP)) == 1

        when = (datetime.now(VIETNAM) + timedelta(days=20)).replace(hour=8, minute=0, second=0, microsecond=0)
        await plan_session(phone, secretary, when)
        assert "1 village groups, 1 residents and 1 village heads" in await phone.press(secretary, "Announce")
        await phone.press(secretary, "Confirm", expect=0)

        posted = await eventually(  # pinned right after it is sent
            lambda: [m for m in fake.sent(TOKEN, GROUP) if "📣" in (m.text or "") and m.pinned])
        assert when.strftime("%d/%m/%Y") in posted[0].text
        await phone.wait_for_text(an, "📣")
        card = await phone.wait_for_text(head, "forward this")
        link = re.search(r"https://t\.me/\S+", card).group(0)
        payload = link.split("start=")[1]
        assert link.startswith(f"https://t.me/{BOT_USERNAME}?start=") and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
        photo = await eventually(lambda: [m for m in fake.sent(TOKEN, head) if m.kind == "photo"])
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(photo[0].file_bytes)))
        assert [code.text for code in decoded] == [link]
        assert not any("📣" in text for text in phone.texts(binh) + phone.texts(chi))
        await eventually(lambda: any("4 delivered, 0 unreachable" in t for t in phone.texts(secretary)))

        session_id = int(payload.split("-")[1])
        assert "Thôn Lân Luông: 4 delivered" in await phone.say(secretary, f"/reach {session_id}")

        newcomer = phone.person(6006, "Dũng")
        await phone.say(newcomer, f"/start {payload}", expect=2)
        await agree_on_telegram(phone, newcomer)
        assert "phone" in await phone.say(newcomer, "Phạm Văn Dũng", expect=2)
        assert "Which field" in await phone.say(newcomer, "Skip", expect=3)
        await phone.press(newcomer, "Land", expect=0)
        await phone.say(newcomer, "Khi nào làm đường liên thôn?")
        assert "TT-0001" in await phone.press(newcomer, "Send", expect=0)

        await phone.say(an, "/sessions")
        await phone.press(an, "Add to calendar")
        calendar = fake.sent(TOKEN, an)[-1]
        assert calendar.kind == "document" and calendar.filename.endswith(".ics")
        assert b"BEGIN:VEVENT" in calendar.file_bytes and b"DTSTART:" in calendar.file_bytes

        assert "no longer linked" in await in_group(phone, head, "/unlinkvillage")
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Question.session_id)) == session_id
        session = await uow.session.get(DialogueSession, session_id)
        assert session.state == "announced" and session.intake_closes_at < session.starts_at
        assert [e.to_state for e in (await uow.session.scalars(select(SessionEvent))).all()] == ["announced"]
