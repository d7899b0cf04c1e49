"""Staff conversations: joining by invite, the queue, and every action on a question."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.admin import invite_staff
from storage.models import QuestionEvent
from tests.fixtures import (Chat, add_commune, agree_to_notice, ask, converse, deliveries, join_staff, make_deps,
                            register)

pytestmark = pytest.mark.usefixtures("channel")  # every table on Telegram and both Zalo adapters


async def test_staff_join_by_invite_and_get_the_staff_menu(db):
    await add_commune(db)
    deps = await make_deps(db)
    staff, welcome = await join_staff(db, deps, "2001", "secretary")
    assert "Secretary" in welcome and "Thiện Tân" in welcome
    menu = staff.outcomes[-1].menu
    assert menu is not None and "queue" in [name for name, _ in menu.commands]


async def test_an_invite_link_works_only_once(db):
    await add_commune(db)
    deps = await make_deps(db)
    link = await invite_staff(db, "25252", "chair", None, None, "doithoai_test_bot")
    code = link.rsplit("start=", 1)[1]
    first = Chat(deps, "2002")
    await first.send(f"/start {code}")
    await agree_to_notice(first)
    await first.send("Phạm Chủ Tịch")
    second = Chat(deps, "2003")
    await register(second)
    assert "not valid" in await second.send(f"/start {code}")
    assert "only for commune staff" in await second.send("/queue")


async def test_secretary_assigns_and_answers_and_the_resident_is_told(db):
    await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "3001")
    await register(resident)
    await ask(resident)
    staff, _ = await join_staff(db, deps, "3002", "secretary")
    await converse(staff, [
        ("/queue", "open: 1"),
        ("[TT-0001]", ["Nguyễn Văn An", "Đường thôn bị hỏng"]),
        ("[Assign]", "Assign TT-0001 to which department?"),
        ("[Phòng Kinh tế]", "assigned to Phòng Kinh tế, due 08/12/2026"),  # 10 working days; 24/11 is a holiday
        ("[Answer]", "Type the answer to TT-0001"),
        ("Xã sẽ sửa đường trong tháng 12.", ["Saved", "Answered"]),
    ])
    texts = [text for chat_id, text in await deliveries(db) if chat_id == "3001"]
    assert "passed to Phòng Kinh tế" in texts[0] and "08/12/2026" in texts[0]
    assert "Xã sẽ sửa đường trong tháng 12." in texts[1]
    await converse(resident, [("[Open TT-0001]", "Answer: Xã sẽ sửa đường trong tháng 12.")])  # on the news it got
    assert "Being handled → Answered" in await staff.send("/q tt-1")


async def test_every_change_is_an_audit_event_with_actor_and_states(db):
    await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "3101")
    await register(resident)
    await ask(resident)
    staff, _ = await join_staff(db, deps, "3102", "chair", name="Phạm Chủ Tịch")
    await staff.send("/q TT-0001")
    await staff.press("Forward")
    await staff.send("UBND tỉnh")
    async with db.unit_of_work() as uow:
        events = [(e.action, e.from_state, e.to_state, e.note)
                  for e in await uow.session.scalars(select(QuestionEvent).order_by(QuestionEvent.id))]
    assert events == [("create", None, "new", ""), ("forward", "new", "forwarded", "UBND tỉnh")]
    assert "forwarded to UBND tỉnh" in (await deliveries(db))[-1][1]


async def test_decline_and_merge_tell_the_asker_why(db):
    await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "3201")
    await register(resident)
    await ask(resident, "Câu hỏi thứ nhất")
    await ask(resident, "Câu hỏi thứ hai")
    await ask(resident, "Câu hỏi thứ ba")
    staff, _ = await join_staff(db, deps, "3202", "secretary")
    await staff.send("/q TT-0002")
    await staff.press("Decline")
    await staff.send("Không thuộc nội dung đối thoại")
    await staff.send("/q TT-0003")
    await staff.press("Merge")
    assert "can take this one" in await staff.send("TT-0003")
    assert "Saved" in await staff.send("tt-0001")
    texts = [text for _, text in await deliveries(db)]
    assert "Reason: Không thuộc nội dung đối thoại" in texts[0]
    assert "TT-0003 asks the same as TT-0001" in texts[1]


async def test_a_closed_question_refuses_further_actions(db):
    await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "3301")
    await register(resident)
    await ask(resident)
    staff, _ = await join_staff(db, deps, "3302", "secretary")
    await staff.send("/q TT-0001")
    await staff.press("Answer")
    await staff.send("Đã trả lời")
    assert "already closed" in await staff.press("Answer")  # the card's button, pressed again
    assert len(await deliveries(db)) == 1


async def test_an_officer_sees_only_their_department_and_may_only_answer(db):
    await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "3401")
    await register(resident)
    await ask(resident, "Đất nhà tôi chưa được cấp sổ", topic="land")
    await ask(resident, "Đèn đường hỏng", topic="infra")
    secretary, _ = await join_staff(db, deps, "3402", "secretary")
    await secretary.send("/q TT-0001")
    await secretary.press("Assign")
    await secretary.press("Phòng Kinh tế")
    officer, _ = await join_staff(db, deps, "3403", "officer", "kinh-te", name="Võ Địa Chính")
    queue = await officer.send("/queue")
    labels = [b.label for r in officer.outcomes[-1].replies for row in r.buttons for b in row]
    assert any("TT-0001" in label for label in labels) and not any("TT-0002" in label for label in labels)
    assert "open: 1" in queue
    await officer.send("/q TT-0001")
    assert [b.split(":")[1] for b in officer.buttons() if b.startswith("qa:")] == ["answer"]
    assert "No question with that code" in await officer.send("/q TT-0002")


async def test_queue_filters_by_topic_and_pages(db):
    await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "3501")
    await register(resident)
    for i in range(10):
        await ask(resident, f"Câu hỏi đất đai số {i}", topic="land")
    await ask(resident, "Câu hỏi môi trường", topic="environment")
    staff, _ = await join_staff(db, deps, "3502", "secretary")
    assert "open: 11" in await staff.send("/queue")
    assert "qu:open:-:0:1" in staff.buttons()
    await staff.press("Field")
    filtered = await staff.press("Environment")
    assert "open: 1" in filtered and "Field: Environment" in filtered
    await staff.press("Field")
    assert "open: 10" in await staff.press("Land")
    second_page = await staff.press("▶")
    assert "open: 10" in second_page and len([b for b in staff.buttons() if b.startswith("qd:")]) == 2


async def test_my_tickets_lists_department_due_date_and_a_short_answer(db):
    await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "3601")
    await register(resident)
    await ask(resident, "Câu hỏi một")
    await ask(resident, "Câu hỏi hai")
    staff, _ = await join_staff(db, deps, "3602", "secretary")
    await staff.send("/q TT-0001")
    await staff.press("Assign")
    await staff.press("Phòng Kinh tế")
    await staff.send("/q TT-0002")
    await staff.press("Answer")
    await staff.send("Trả lời rất dài. " * 20)
    listing = await resident.send("/mytickets")
    assert "Department: Phòng Kinh tế" in listing and "Expected answer by: 08/12/2026" in listing
    assert "Answer: Trả lời rất dài." in listing and "…" in listing
    assert "Trả lời rất dài. " * 20 not in listing
