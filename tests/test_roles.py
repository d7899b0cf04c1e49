"""Each role sees what its job needs: names and phones for the chair and secretary, a denouncer for the chair alone,
the question queue for those who handle questions, nothing personal for the technical administrator."""
from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from handlers.conversation.access import may_see_denouncer, may_see_identity, may_view_queue
from handlers.questions.access import in_scope
from tests.fixtures import NOW, Chat, ask_in, community, open_session, register, staff


def test_identity_is_for_the_chair_and_secretary_and_a_denouncer_for_the_chair_alone():
    assert may_see_identity({"chair"}) and may_see_identity({"secretary"})
    for role in ("admin", "officer", "village_head", "front"):
        assert not may_see_identity({role}), role
    assert may_see_denouncer({"chair"}) and not may_see_denouncer({"secretary"})
    assert not may_view_queue({"front"}) and not may_view_queue(set())
    assert all(may_view_queue({role}) for role in ("chair", "secretary", "officer", "village_head", "admin"))


def test_a_village_head_without_a_village_sees_no_question():
    class Member:
        commune_id, role, department_code, village_id = 1, "village_head", None, None

    class Question:
        commune_id, village_id, department_code, kind = 1, 7, None, "question"

    assert not in_scope(Member(), Question())


def seen(chat: Chat) -> str:
    """Everything the last answer showed: texts and button labels."""
    replies = chat.outcomes[-1].replies
    return "\n".join([r.text for r in replies] + [b.label for r in replies for row in r.buttons for b in row])


async def setting(db):
    deps, people = await community(db)
    session_id = await open_session(db, NOW.replace(day=30))
    resident = Chat(deps, "7101")
    await register(resident, "Đỗ Thị Hạnh", "Lân Luông", phone="0912345678")
    await ask_in(resident, session_id, "Đường thôn bị hỏng, khi nào sửa?")
    people["admin"] = await staff(db, deps, "8005", "admin", "Vũ Kỹ Thuật")
    people["front"] = await staff(db, deps, "8006", "front", "Đinh Mặt Trận")
    return deps, people, session_id


@pytest.mark.usefixtures("channel")
async def test_the_front_sees_petitions_and_summaries_but_not_the_question_queue(db):
    _, people, _ = await setting(db)
    front = people["front"]
    await front.send("/queue")
    assert "TT-0001" not in seen(front) and "Sorry" in seen(front)
    assert "Đỗ Thị Hạnh" not in await front.send("/q TT-0001")
    assert "Scorecard" in await front.send("/scorecard")
    menu = [outcome.menu for outcome in front.outcomes if outcome.menu is not None][-1]
    assert "scorecard" in [name for name, _ in menu.commands] and "queue" not in [n for n, _ in menu.commands]


@pytest.mark.usefixtures("channel")
async def test_the_administrator_sees_no_residents_names_or_phones(db):
    _, people, session_id = await setting(db)
    admin = people["admin"]
    detail = await admin.send("/q TT-0001")
    assert "TT-0001" in detail and "Đỗ Thị Hạnh" not in detail and "912345678" not in detail
    await admin.send(f"/report {session_id}")
    sheet = load_workbook(BytesIO(admin.outcomes[-1].replies[1].attachment.content)).active
    cells = " | ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert "TT-0001" in cells and "Đỗ Thị Hạnh" not in cells and "912345678" not in cells
    assert "Sorry" in await admin.send("/reception")


@pytest.mark.usefixtures("channel")
async def test_officers_and_village_heads_see_the_question_but_not_who_asked(db):
    _, people, _ = await setting(db)
    await people["secretary"].send("/q TT-0001")
    await people["secretary"].press("Assign")
    await people["secretary"].press("Phòng Kinh tế")
    for role in ("officer", "head"):
        detail = await people[role].send("/q TT-0001")
        assert "Đường thôn bị hỏng" in detail and "Đỗ Thị Hạnh" not in detail, role
        assert "912345678" not in detail, role


@pytest.mark.usefixtures("channel")
async def test_the_chair_and_secretary_see_names_and_phones_in_the_question_and_the_report(db):
    _, people, session_id = await setting(db)
    for role in ("chair", "secretary"):
        detail = await people[role].send("/q TT-0001")
        assert "Đỗ Thị Hạnh" in detail and "912345678" in detail, role
    await people["secretary"].send(f"/report {session_id}")
    sheet = load_workbook(BytesIO(people["secretary"].outcomes[-1].replies[1].attachment.content)).active
    assert "Đỗ Thị Hạnh" in " | ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)


@pytest.mark.usefixtures("channel")
async def test_a_denouncers_identity_is_shown_to_the_chair_alone(db):
    deps, people, session_id = await setting(db)
    denouncer = Chat(deps, "7102")
    await register(denouncer, "Lý Văn Tố", "Lân Luông", phone="0987654321")
    await ask_in(denouncer, session_id, "Tôi tố cáo cán bộ thôn nhận tiền của dân.")
    await denouncer.press("This is a denunciation")
    await denouncer.press("No, someone else")
    chair = await people["chair"].send("/q TT-0002")
    assert "Lý Văn Tố" in chair and "987654321" in chair
    secretary = await people["secretary"].send("/q TT-0002")
    assert "tố cáo cán bộ" in secretary and "Lý Văn Tố" not in secretary and "987654321" not in secretary
    for role in ("head", "admin", "officer"):
        assert "tố cáo cán bộ" not in await people[role].send("/q TT-0002"), role
    assert "TT-0002" in await people["chair"].send("/reception")
