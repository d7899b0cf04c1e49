"""Invitations and attendance (issue 14): the invitation list by category, the Front's proposals, the GIẤY MỜI read
back with python-docx, chat invitations with a personal QR code, check-in by scan (once; a forged code refused),
ticking names, walk-ins, and the minutes listing who came."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document
from sqlalchemy import select

from handlers.conclusions.official_docs import BLANK
from storage.models import Delivery, Invitation
from tests.fixtures import Chat, a_session_with_two_questions, converse, record_the_end, register, staff


def attachments(chat) -> dict[str, bytes]:
    return {r.attachment.file_name: r.attachment.content for r in chat.outcomes[-1].replies if r.attachment}


def texts(doc: Document) -> list[str]:
    cells = [p.text for table in doc.tables for cell in table.rows[0].cells for p in cell.paragraphs]
    return [p.text for p in doc.paragraphs] + cells


async def rows_of(db, session_id: int) -> list[Invitation]:
    async with db.unit_of_work() as uow:
        return list((await uow.session.scalars(select(Invitation).where(Invitation.session_id == session_id)
                                               .order_by(Invitation.id))).all())


async def qr_links(db, chat_id: str) -> list[str]:
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery).where(Delivery.chat_id == chat_id,
                                                                 Delivery.kind == "invitation.qr")
                                          .order_by(Delivery.id))).all()
    return [r.payload["qr"] for r in rows]


def payload_of(link: str) -> str:
    return link.split("?start=", 1)[1]


async def a_list(db):
    """A session with two residents' questions, on whose invitation list the secretary put every category."""
    people, session_id, _, _ = await a_session_with_two_questions(db)
    secretary = people["secretary"]
    await converse(secretary, [
        (f"/invitations {session_id}", ["Invitation list", "Nobody is on the list yet"]),
        ("[Village heads]", ["Added to the list: 1 (Village heads)", "Village heads: 1"]),
        ("[Organisations]", ["Added to the list: 7 (Organisations)", "Organisations: 7"]),
        ("[Residents who asked]", ["Added to the list: 2 (Residents who asked)", "Residents who asked: 2"]),
        ("[Households]", ["Household representatives: 1", "Total: 11"]),
        ("[A named guest]", "name and their title"),
        ("Giám đốc 123", "Please type a name"),
        ("Nguyễn Văn Hùng, Giám đốc Hợp tác xã Đồng Tiến", ["Added to the list: Nguyễn Văn Hùng", "Other guests: 1",
                                                            "Total: 12"]),
    ])
    return people, session_id


@pytest.mark.usefixtures("channel")
async def test_the_secretary_builds_the_list_by_category_in_one_press_each_and_removes_one(db):
    people, session_id = await a_list(db)
    secretary = people["secretary"]
    rows = await rows_of(db, session_id)
    assert {r.category for r in rows} == {"village_head", "organisation", "asker", "household", "guest"}
    # pressing a category again adds nobody twice
    assert "Added to the list: 0 (Residents who asked)" in await secretary.press("Residents who asked")
    assert "Added to the list: 0 (Organisations)" in await secretary.press("Organisations")
    assert "Total: 12" in secretary.shown
    # remove the guest; the askers' names are shown to the secretary
    page = await secretary.press("Remove someone")
    assert "page 1 of 2" in page and "Hoàng Trưởng Thôn" in " ".join(secretary.labels())
    assert "page 2 of 2" in await secretary.press("▶") and "✖ Nguyễn Văn An" in " ".join(secretary.labels())
    assert "Removed: Nguyễn Văn Hùng, Giám đốc Hợp tác xã Đồng Tiến." in await secretary.press("Nguyễn Văn Hùng")
    assert [r for r in await rows_of(db, session_id) if r.category == "guest"] == []
    # the session card opens the same list
    await secretary.send("/sessions")
    await secretary.press(f"#{session_id} ")
    assert "Total: 11" in await secretary.press("Invitation list")


async def test_the_front_sees_counts_not_residents_and_proposes_a_guest_the_secretary_accepts(db):
    people, session_id = await a_list(db)
    secretary, chair = people["secretary"], people["chair"]
    front = await staff(db, secretary.deps, "8101", "front", "Lê Mặt Trận")
    view = await front.send(f"/invitations {session_id}")
    assert "Residents who asked: 2" in view and "Nguyễn Văn Hùng, Giám đốc" in view
    assert "Nguyễn Văn An" not in view and "Trần Thị Bình" not in view
    assert "Village heads" in view and front.labels() == ["➕ Propose a guest"]
    await converse(front, [("[Propose a guest]", "Type the guest you propose"),
                           ("Bà Lò Thị Mai, Chủ tịch Hội Phụ nữ thôn Bến Đá", "sent to the secretary")])
    assert len([r for r in await rows_of(db, session_id) if r.status == "proposed"]) == 1
    # the secretary is told, and accepts it on the list
    await secretary.send(f"/invitations {session_id}")
    assert "Proposed by the Fatherland Front: Bà Lò Thị Mai, Chủ tịch Hội Phụ nữ thôn Bến Đá" in secretary.shown
    assert "Other guests: 2" in await secretary.press("Accept")
    assert all(r.status == "listed" for r in await rows_of(db, session_id))
    async with db.unit_of_work() as uow:
        told = (await uow.session.scalars(select(Delivery.payload).where(Delivery.kind == "invitation.proposal"))).all()
    assert any("was added to the invitation list" in p["text"] for p in told)
    assert any("proposes a guest" in p["text"] for p in told)
    # the Front cannot build the list itself; a resident cannot see it
    assert "only the chairperson, the secretary or the support team" in await front.press_data(
        f"iv:orgs:{session_id}")  # forged: the Front was never shown this button
    assert "invitation list is for the commune's organisers" in await people["an"].send(f"/invitations {session_id}")
    assert chair  # the chair sees the list too
    assert "Total: 13" in await chair.send(f"/invitations {session_id}")


async def test_the_giay_moi_is_a_decree_30_draft_with_the_delegates_as_its_annex(db):
    people, session_id = await a_list(db)
    secretary = people["secretary"]
    assert "GIẤY MỜI" in await secretary.press("GIẤY MỜI")
    doc = Document(io.BytesIO(attachments(secretary)[f"du-thao-giay-moi-{session_id}.docx"]))
    lines = texts(doc)
    found = "\n".join(lines)
    assert lines[0] == "DỰ THẢO" and "GIẤY MỜI" in lines
    assert f"Số: {BLANK}/GM-UBND" in found and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in found
    assert "ỦY BAN NHÂN DÂN" in found and "XÃ THIỆN TÂN" in found
    assert "Thời gian: 10 giờ 00, ngày 26/11/2026." in lines  # the session starts 26/11 at 10:00 in Vietnam
    assert "TM. ỦY BAN NHÂN DÂN" in found and "Phạm Chủ Tịch" in found
    assert "DANH SÁCH ĐẠI BIỂU ĐƯỢC MỜI" in lines and "Trưởng các thôn" in lines
    assert "Công dân có ý kiến, kiến nghị" in lines and "Ủy ban Mặt trận Tổ quốc Việt Nam xã" in found
    assert "1. Nguyễn Văn Hùng, Giám đốc Hợp tác xã Đồng Tiến" in lines
    assert any(line.startswith("1. Hoàng Trưởng Thôn") and "Lân Luông" in line for line in lines)


async def test_chat_invitations_carry_a_personal_qr_code_and_a_staff_scan_checks_in_once(db):
    people, session_id = await a_list(db)
    secretary, an = people["secretary"], people["an"]
    sent = await secretary.press("Send chat invitations")
    assert re.search(r"Chat invitations sent: \d+\. Without a chat account .*: \d+\.", sent)
    invitation = [text for chat, kind, text in [(d[0], d[1], d[2]) for d in await _outbox(db)]
                  if chat == an.user_id and kind == "invitation"]
    assert len(invitation) == 1 and "Thiện Tân" in invitation[0] and "26/11/2026" in invitation[0]
    links = await qr_links(db, an.user_id)
    assert len(links) == 1 and links[0].startswith("https://t.me/doithoai_test_bot?start=att_")
    token = payload_of(links[0])[4:]
    assert len(token) >= 22  # at least 128 bits
    stored = [r for r in await rows_of(db, session_id) if r.token_hash]
    assert stored and all(token not in r.token_hash for r in stored)  # only a hash is kept
    # sending again invites nobody twice
    assert "Chat invitations sent: 0." in await secretary.press("Send chat invitations")
    # the invitee opening their own code is told to show it; nothing changes
    assert "show it to the staff" in await an.send(f"/start {payload_of(links[0])}")
    assert not any(r.checked_in_at for r in await rows_of(db, session_id))
    # the secretary's phone camera opens the link in the secretary's chat
    assert "Checked in: Nguyễn Văn An" in await secretary.send(f"/start {payload_of(links[0])}")
    assert "Already checked in" in await secretary.send(f"/start {payload_of(links[0])}")
    came = [r for r in await rows_of(db, session_id) if r.checked_in_at]
    assert len(came) == 1 and came[0].checked_in_by is not None


async def _outbox(db):
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery).order_by(Delivery.id))).all()
    return [(r.chat_id, r.kind, r.payload.get("text", "")) for r in rows]


async def test_a_forged_or_expired_code_is_refused_politely_and_changes_nothing(db):
    people, session_id = await a_list(db)
    secretary, bình = people["secretary"], people["bình"]
    await secretary.press("Send chat invitations")
    before = [(r.id, r.checked_in_at) for r in await rows_of(db, session_id)]
    for forged in ("att_AAAAAAAAAAAAAAAAAAAAAAAA", "att_x", "atv_BBBBBBBBBBBBBBBBBBBBBBBB"):
        assert "not valid" in await secretary.send(f"/start {forged}")
    # a resident who is not staff cannot check someone else in with their code
    link = (await qr_links(db, people["an"].user_id))[0]
    assert "not valid" in await bình.send(f"/start {payload_of(link)}")
    assert [(r.id, r.checked_in_at) for r in await rows_of(db, session_id)] == before
    # once the end of the session is recorded, the code has expired
    await record_the_end(secretary, session_id)
    assert "Check-in for session" in await secretary.send(f"/start {payload_of(link)}")
    assert [(r.id, r.checked_in_at) for r in await rows_of(db, session_id)] == before


async def test_the_support_team_ticks_names_and_counts_walk_ins_and_residents_scan_the_venue_code(db):
    people, session_id = await a_list(db)
    support = await staff(db, people["secretary"].deps, "8201", "support", "Đỗ Giúp Việc")
    await support.send(f"/invitations {session_id}")
    page = await support.press("Attendance")
    assert "0 of 12 checked in" in page and "page 1 of 2" in page
    await support.press("▶")
    assert "1 of 12 checked in" in await support.press("☐ Nguyễn Văn An")
    assert "✅ Nguyễn Văn An (Thôn Lân Luông)" in support.labels()
    assert "0 of 12 checked in" in await support.press("✅ Nguyễn Văn An")  # a mistake is unticked
    await support.press("☐ Nguyễn Văn An")
    await support.press("The list")
    assert "Walk-ins counted: 1" in await support.press("Walk-in")
    # the venue code: a resident not on the list checks in once as a walk-in
    assert "on its way" in await support.press("Venue QR code")
    async with db.unit_of_work() as uow:
        venue = await uow.session.scalar(select(Delivery).where(Delivery.kind == "invitation.venue"))
    newcomer = Chat(support.deps, "7009")
    await register(newcomer, "Vi Văn Dũng", "Bến Đá")
    assert "Checked in: you" in await newcomer.send(f"/start {payload_of(venue.payload['qr'])}")
    assert "Already checked in" in await newcomer.send(f"/start {payload_of(venue.payload['qr'])}")
    walkers = [r for r in await rows_of(db, session_id) if r.category == "walk_in"]
    assert len(walkers) == 1 and walkers[0].checked_in_at is not None


async def test_the_minutes_list_who_came_by_category_and_the_attendance_is_filled_from_the_check_ins(db):
    people, session_id = await a_list(db)
    secretary, chair = people["secretary"], people["chair"]
    await secretary.press("Attendance")
    await secretary.press("☐ Hoàng Trưởng Thôn")
    await secretary.press("▶")
    await secretary.press("☐ Nguyễn Văn An")
    await secretary.press("The list")
    await secretary.press("Walk-in")
    await record_the_end(secretary, session_id)
    await converse(secretary, [("[Record attendance]", ["Recorded from the check-ins: 3 people", "2 on the list",
                                                        "1 walk-ins"])])
    await converse(secretary, [(f"/conclude {session_id}", ""), ("[Write the conclusion]", ""),
                               ("UBND xã tiếp thu các ý kiến.", "Saved")])
    await chair.send(f"/conclude {session_id}")
    await chair.press("Draft documents")
    lines = texts(Document(io.BytesIO(attachments(chair)[f"du-thao-bien-ban-{session_id}.docx"])))
    assert "Số người tham dự: 3." in lines
    assert "Đại biểu có mặt theo danh sách điểm danh: 2 người." in lines
    assert any(line.startswith("Trưởng các thôn (1): Hoàng Trưởng Thôn") for line in lines)
    assert any(line.startswith("Công dân có ý kiến, kiến nghị (1): Nguyễn Văn An") for line in lines)
    assert "Trần Thị Bình" not in "\n".join(lines)  # asked, but did not come
    assert "Công dân đến dự khác (không ghi tên): 1 người." in lines
    # the recorded figure stays editable
    await secretary.send("/sessions")
    await secretary.press(f"#{session_id} ")
    await converse(secretary, [("[Record attendance]", "How many"), ("130", "130 people")])


async def test_the_demo_commune_has_an_invitation_list_with_invitations_sent_and_someone_checked_in(db):
    from bot.sandbox.demo import load_demo_data

    assert "Loaded demo commune" in await load_demo_data(db)
    async with db.unit_of_work() as uow:
        rows = list((await uow.session.scalars(select(Invitation))).all())
    assert {r.category for r in rows} == {"village_head", "asker", "organisation", "guest"}
    assert sum(1 for r in rows if r.sent_at and r.token_hash) == 3
    assert [r.category for r in rows if r.checked_in_at] == ["village_head"]


async def test_chat_invitations_wait_until_the_session_is_announced(db):
    people, session_id = await a_list(db)
    secretary = people["secretary"]
    async with db.unit_of_work() as uow:
        (await uow.repo.lock_session(session_id)).state = "draft"
        await uow.commit()
    assert "still a draft" in await secretary.press("Send chat invitations")
    assert await qr_links(db, people["an"].user_id) == []
    assert not any(r.sent_at or r.token_hash for r in await rows_of(db, session_id))


@pytest.mark.parametrize("channel", ["zalo_bot"], indirect=True)
async def test_an_invitee_on_zalo_is_invited_by_text_and_ticked_by_name_at_the_desk(db, channel):
    people, session_id = await a_list(db)
    secretary, an = people["secretary"], people["an"]
    await secretary.press("Send chat invitations")
    invitation = [text for chat, kind, text in await _outbox(db) if chat == an.user_id and kind == "invitation"]
    assert len(invitation) == 1 and "give your name at the desk" in invitation[0]
    assert await qr_links(db, an.user_id) == []  # Zalo sends photos by address only: no QR code is promised
