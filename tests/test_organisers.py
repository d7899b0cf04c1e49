"""The other organisers: the Fatherland Front, the People's Council, the Party committee, the support team and a
provincial officer each get their own menu and exactly their powers; a session says who chairs it and whom it is
for."""
from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta
from types import SimpleNamespace

import aiohttp
import pytest
from openpyxl import load_workbook

from bot.admin import AdminError, new_invite
from handlers.commune.kinds import unit_words
from handlers.commune.topics import DEFAULT_DEPARTMENTS
from handlers.conclusions.document_words import notice_summary, session_name
from handlers.conversation.i18n import translator
from handlers.people.onboarding import STAFF_PREFIX
from handlers.sessions.views import invited_line
from tests.sandbox_harness import sandbox_on
from tests.fixtures import (NOW, Chat, agree_to_notice, ask_in, community, converse, make_deps, open_session,
                            start_on_the_card, staff)


def menu_of(chat: Chat) -> list[str]:
    menus = [outcome.menu for outcome in chat.outcomes if outcome.menu is not None]
    return [name for name, _ in menus[-1].commands]


async def organisers(db):
    deps, people = await community(db)
    for user_id, role, name in (("8101", "front", "Vi Thị Mai"), ("8102", "council", "Hoàng Văn Lực"),
                                ("8103", "party", "Lương Văn Tiến"), ("8104", "support", "Đinh Thị Lan")):
        people[role] = await staff(db, deps, user_id, role, name)
    return deps, people


async def test_each_organiser_has_its_own_menu_and_help(db):
    _, people = await organisers(db)
    expected = {"front": ({"gathered", "followup", "scorecard", "report"}, {"queue", "staff", "newsession", "next"}),
                "council": ({"report", "scorecard", "followup"}, {"queue", "gathered", "staff", "policy", "province"}),
                "party": ({"report", "scorecard"}, {"followup", "queue", "gathered", "staff", "newsession"}),
                "support": ({"queue", "q", "next", "speakers"},
                            {"staff", "invites", "policy", "newsession", "conclude", "report", "scorecard",
                             "reception", "province", "gathered"})}
    for role, (has, lacks) in expected.items():
        menu = set(menu_of(people[role]))
        assert has <= menu, (role, menu)
        assert not lacks & menu, (role, lacks & menu)
        shown = await people[role].send("/help")
        assert all(f"/{name} " in shown for name in has) and not any(f"/{name} " in shown for name in lacks)


async def test_each_organiser_is_refused_politely_what_is_not_theirs(db):
    _, people = await organisers(db)
    await converse(people["support"], [
        ("/staff", "Sorry, only the chairperson, the secretary or the administrator can manage the commune's staff."),
        ("/newsession", "Sorry, only the chairperson or the secretary can plan sessions."),
        ("/policy", "Sorry, only the chairperson, the secretary or the administrator"),
        ("/scorecard", "Sorry, the scorecard is for the commune's leaders"),
        ("/reception", "Sorry, only the chairperson or the secretary can do this.")])
    await converse(people["party"], [("/followup", "Sorry, the follow-up list is for the commune's leaders"),
                                     ("/queue", "Sorry, your role does not include the question queue.")])
    await converse(people["council"], [("/gathered", "Sorry, only the Fatherland Front submits concerns"),
                                       ("/province", "Sorry, the province view is for provincial officers.")])
    await converse(people["front"], [("/next", "Sorry, only the chairperson, the secretary or the support team")])
    assert "Sorry" in await people["an"].send("/gathered")  # a resident


async def test_the_front_submits_a_gathered_concern_with_its_source_and_follows_it_up_without_names(db):
    deps, people = await organisers(db)
    front, secretary = people["front"], people["secretary"]
    session_id = await open_session(db, NOW + timedelta(days=10))
    await front.send("/gathered")
    before = await front.send("x" * 201)
    assert "at most 200 characters" in before
    await converse(front, [("Tổ dân vận thôn Lân Luông", "Which field"), ("[Infrastructure]", "Type the concern"),
                           ("Nhiều hộ phản ánh đèn đường thôn hỏng đã hai tháng.",
                            ["TT-0001", "Tổ dân vận thôn Lân Luông", "to pass on"])])
    detail = await secretary.send("/q TT-0001")
    assert "Submitted by the Fatherland Front" in detail and "source: Tổ dân vận thôn Lân Luông" in detail
    assert "đèn đường" in detail
    async with db.unit_of_work() as uow:
        question = await uow.repo.question_by_code((await uow.repo.commune_by_code("25252")).id, "TT-0001")
        assert question.session_id == session_id and question.ack_due_on is not None
    # the question gets an answer due; the Front reads the follow-up list: codes and departments, never a name
    await ask_in(people["an"], session_id, "Hồ sơ đất của tôi chưa có kết quả.", topic="land")
    await converse(secretary, [("/q TT-0002", "TT-0002"), ("[Assign]", "which department"), ("[Phòng Kinh tế]", "")])
    listing = await front.send("/followup")
    assert "TT-0002" in listing and "Phòng Kinh tế" in listing and "Nguyễn Văn An" not in listing
    assert not front.buttons()  # read-only: no button opens a question
    assert "Nguyễn Văn An" not in await people["council"].send("/followup")
    assert "Scorecard: 2 questions." in await front.send("/scorecard")
    for reader in (people["council"], people["party"]):  # the reports reach them, without residents' names
        await reader.send(f"/report {session_id}")
        sheet = load_workbook(io.BytesIO(reader.outcomes[-1].replies[1].attachment.content)).active
        cells = " | ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
        assert "TT-0002" in cells and "Nguyễn Văn An" not in cells


async def test_the_support_team_consolidates_and_keeps_the_speaker_list_without_identities(db):
    deps, people = await organisers(db)
    support = people["support"]
    session_id = await open_session(db, NOW + timedelta(days=10))
    await ask_in(people["an"], session_id, "Đường thôn Lân Luông bị hỏng, khi nào sửa?")
    await ask_in(people["cường"], session_id, "Đường thôn Lân Luông hỏng nặng, xin sửa sớm.")
    assert "open: 2" in await support.send("/queue")
    assert any("TT-0001" in label for label in support.labels())
    detail = await support.send("/q TT-0002")
    assert "Lê Văn Cường" not in detail and "a resident of Thôn Lân Luông" in detail
    assert {"Assign", "Merge"} <= set(support.labels()) and not {"Answer", "Decline", "Forward"} & set(support.labels())
    answer = support.button("Assign").replace("qa:assign:", "qa:answer:")  # a forged press
    assert "Your role does not allow this action on TT-0002." in await support.press_data(answer)
    await converse(support, [("[Merge]", "duplicates"), ("TT-0001", "Saved")])
    assert "TT-0001" in await support.send("/q TT-0002")
    await converse(support, [("/q TT-0001", "TT-0001"), ("[Assign]", "which department"),
                             ("[Phòng Kinh tế]", "assigned to Phòng Kinh tế")])
    await converse(support, [("/q TT-0001", "Field: Infrastructure"), ("[Change field]", "Which field does TT-0001"),
                             ("[Land]", ["TT-0001 is now filed under Land", "Field: Land"])])
    assert "Sorry, only the chairperson, the secretary or the support team can change" in \
        await people["officer"].press_data(support.button("Change field"))
    # at the session: a resident registers to speak; the support team calls them by number, not by name
    await start_on_the_card(people["secretary"], session_id)
    an = people["an"]
    await an.send("/speak")
    if any("Agree" in label for label in an.labels()):
        await an.press("Agree")
    await an.send("Tôi muốn hỏi về đường thôn.")
    listing = await support.send("/speakers")
    assert "1. waiting" in listing and "Nguyễn Văn An" not in listing
    called = await support.send("/next")
    assert "Now speaking: No. 1, resident" in called and "Nguyễn Văn An" not in called


async def provinces(db):
    async with db.unit_of_work() as uow:
        for code, name, province, province_name in (("25252", "Thiện Tân", "20", "Lạng Sơn"),
                                                     ("25253", "Bình Gia", "20", "Lạng Sơn"),
                                                     ("00001", "Ba Đình", "01", "Hà Nội")):
            await uow.repo.add_commune(code, name, ("Thôn Một",), DEFAULT_DEPARTMENTS, province_code=province,
                                       province_name=province_name)
        await uow.commit()
    return await make_deps(db)


async def provincial_officer(db, deps, user_id: str, province: str | None = None) -> Chat:
    code = await new_invite(db, "25252", "province", None, None, "cli:test", province)
    chat = Chat(deps, user_id)
    await chat.send(f"/start {STAFF_PREFIX}{code}")
    await agree_to_notice(chat)
    await chat.send("Mã Văn Khánh")
    return chat


async def test_a_provincial_officer_sees_the_communes_of_their_province_side_by_side_and_exports_them(db):
    deps = await provinces(db)
    officer = await provincial_officer(db, deps, "8201")
    assert set(menu_of(officer)) >= {"province"} and "queue" not in menu_of(officer)
    view = await officer.send("/province")
    assert "25252" in view and "25253" in view and "00001" not in view and "Communes you follow (2)" in view
    await officer.press("Export .xlsx")
    book = load_workbook(io.BytesIO(officer.outcomes[-1].replies[0].attachment.content)).active
    rows = [[cell.value for cell in row] for row in book.iter_rows()]
    assert [r[0] for r in rows[1:]] == ["25252", "25253"] and rows[1][2] == "Lạng Sơn"
    await officer.press("Export .csv")
    attachment = officer.outcomes[-1].replies[0].attachment
    assert attachment.file_name.endswith(".csv")
    lines = list(csv.reader(io.StringIO(attachment.content.decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == ["25252", "25253"]
    assert "Sorry, your role does not include the question queue." in await officer.send("/queue")
    everyone = await provincial_officer(db, deps, "8202", "all")
    assert "Communes you follow (3)" in await everyone.send("/province")
    with pytest.raises(AdminError):
        await new_invite(db, "25252", "province", None, None, "cli:test", "99")
    with pytest.raises(AdminError):
        await new_invite(db, "25252", "chair", None, None, "cli:test", "20")


async def test_the_province_view_counts_questions_and_overdue_answers_never_their_text(db):
    deps, people = await community(db)
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
        commune.province_code, commune.province_name = "20", "Lạng Sơn"
        await uow.commit()
    session_id = await open_session(db, NOW + timedelta(days=3))
    await ask_in(people["an"], session_id, "Đường thôn Lân Luông bị hỏng, khi nào sửa?")
    await converse(people["secretary"], [("/q TT-0001", "TT-0001"), ("[Assign]", "which department"),
                                         ("[Phòng Kinh tế]", "")])
    officer = await provincial_officer(db, deps, "8201")
    deps.clock.now = NOW + timedelta(days=60)  # the written answer is now overdue
    view = await officer.send("/province")
    assert "1 questions" in view and "overdue 1" in view and "Đường thôn" not in view
    await officer.press("Export .csv")
    content = officer.outcomes[-1].replies[0].attachment.content.decode("utf-8-sig")
    assert "Đường thôn" not in content and "Nguyễn Văn An" not in content
    assert list(csv.reader(io.StringIO(content)))[1][3:7] == ["1", "0", "1", "1"]  # 1 question, 0 of 1 on time, 1 overdue


async def test_a_session_records_who_chairs_it_and_whom_it_is_for_on_its_card_and_documents(db):
    deps, people = await community(db)
    secretary = people["secretary"]
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
        row = await uow.repo.save_session(None, [], commune_id=commune.id, title="Đối thoại", state="draft",
                                          starts_at=NOW + timedelta(days=20), venue="Hội trường xã")
        await uow.commit()
    await secretary.send("/sessions")
    card = await secretary.press(f"#{row.id} ")
    assert "Chaired by: The chairperson of the xã People's Committee" in card and "For: the people" in card
    await converse(secretary, [("[Chair and audience]", "Who chairs the session"),
                               ("[Party secretary]", ["Chaired by: The Party secretary of the xã",
                                                      "between the Party secretary of the xã and the people"]),
                               ("[Chair and audience]", "whom is it for"),
                               ("[Young people]", ["For: young people",
                                                   "between the Party secretary of the xã and young people"])])
    async with db.unit_of_work() as uow:
        stored = await uow.repo.get_session(row.id)
        assert (stored.chaired_by, stored.audience) == ("party_secretary", "youth")
    words = unit_words("xa")
    assert session_name(stored, words) == "Hội nghị đối thoại định kỳ giữa Bí thư Đảng ủy xã với thanh niên"
    assert notice_summary(stored, words, NOW).startswith(
        "Ý kiến kết luận của Bí thư Đảng ủy xã tại Hội nghị đối thoại với thanh niên ngày")
    default = SimpleNamespace(kind="periodic", theme="general", chaired_by="chair", audience="")
    assert session_name(default, words) == "Hội nghị đối thoại định kỳ giữa Chủ tịch UBND xã với Nhân dân"
    vice = SimpleNamespace(kind="extraordinary", theme="", chaired_by="vice_chair", audience="women")
    assert session_name(vice, words) == "Hội nghị đối thoại đột xuất giữa Phó Chủ tịch UBND xã với phụ nữ"
    vi = translator("vi", "xa")  # the announcement residents and village groups read says whom it is for
    youth = SimpleNamespace(all_villages=False, audience="youth")
    assert invited_line(youth, ["Thôn Lân Luông", "Thôn Bến Đá"], vi) == \
        "Kính mời: thanh niên ở Thôn Lân Luông, Thôn Bến Đá"
    everyone = SimpleNamespace(all_villages=True, audience="")
    assert invited_line(everyone, [], vi) == "Kính mời: Nhân dân tất cả các thôn"


async def test_each_organiser_is_a_sandbox_persona_with_its_menu(db):
    async with sandbox_on(db) as address, aiohttp.ClientSession() as session:
        async def get(path: str) -> dict:
            async with session.get(address + path.lstrip("/")) as response:
                return await response.json()

        async def said(persona: int, text: str, needle: str) -> dict:
            async with session.post(address + "api/send", json={"persona": persona, "chat": persona, "text": text}):
                pass
            view: dict = {}
            for _ in range(1500):  # returns as soon as the reply has arrived
                view = await get(f"/api/chat?persona={persona}&chat={persona}")
                if any(m["from"] == "bot" and needle in m["text"] for m in view.get("messages", [])):
                    return view
                await asyncio.sleep(0.02)
            raise AssertionError(f"{needle!r} never reached {persona}")

        roles = {p["name"]: p["roles"] for p in (await get("/api/personas?lang=vi"))["personas"]}
        assert roles["Vi Thị Mai"] == ["Ủy ban MTTQ Việt Nam xã"] and roles["Đinh Thị Lan"] == ["Tổ giúp việc"]
        assert roles["Hoàng Văn Lực"] == ["Thường trực HĐND xã"] and roles["Lương Văn Tiến"] == ["Đảng ủy xã"]
        assert roles["Mã Văn Khánh"] == ["Cán bộ tỉnh"]
        support = await said(910010, "/help", "/speakers")
        commands = [c["command"] for c in support["commands"]]
        assert "queue" in commands and "staff" not in commands and "newsession" not in commands
        province = await said(910011, "/province", "Các xã đồng chí theo dõi (1)")
        assert [c["command"] for c in province["commands"]].count("province") == 1
        await said(910007, "/gathered", "Ý kiến này từ đâu?")
