"""Official documents (Decree 30/2020) read back with python-docx, the .xlsx report, the chart and /scorecard."""
from __future__ import annotations

import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from docx import Document
from openpyxl import load_workbook

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from bot.pdf import pdf_converter
from handlers.commune.kinds import unit_words
from handlers.conclusions import document_words as w
from handlers.conclusions.official_docs import BLANK, Heading, notice, number_line, place_and_date
from handlers.conversation.i18n import localise_units
from storage.models import Commune, CommunePolicy
from tests.fixtures import (NOW, Chat, a_session_with_two_questions, add_commune, converse, make_deps, published,
                            record_the_end, register, staff)


def attachments(chat) -> dict[str, bytes]:
    return {r.attachment.file_name: r.attachment.content for r in chat.outcomes[-1].replies if r.attachment}


def texts(doc: Document) -> list[str]:
    cells = [p.text for table in doc.tables for cell in table.rows[0].cells for p in cell.paragraphs]
    return [p.text for p in doc.paragraphs] + cells


def test_the_date_line_has_leading_zeros_for_days_under_ten_and_for_january_and_february():
    assert place_and_date("Thiện Tân", date(2026, 1, 5)) == "Thiện Tân, ngày 05 tháng 01 năm 2026"
    assert place_and_date("Thiện Tân", date(2026, 11, 23)) == "Thiện Tân, ngày 23 tháng 11 năm 2026"
    assert place_and_date("Thiện Tân", date(2026, 3, 9)) == "Thiện Tân, ngày 09 tháng 3 năm 2026"


async def test_publishing_hands_the_chair_the_notice_in_the_decree_30_format(db):
    people, session_id = await published(db)
    assert "DỰ THẢO" not in "\n".join(texts(Document(io.BytesIO(
        attachments(people["chair"])[f"bien-ban-{session_id}.docx"]))))
    async with db.unit_of_work() as uow:  # the province receives the report on the session
        await uow.session.execute(update(Commune).values(province_name="Lạng Sơn"))
        await uow.commit()
    await people["chair"].send(f"/report {session_id}")  # the final documents again, as issued
    files = attachments(people["chair"])
    doc = Document(io.BytesIO(files[f"thong-bao-ket-luan-{session_id}.docx"]))
    left, right = ["\n".join(p.text for p in cell.paragraphs) for cell in doc.tables[0].rows[0].cells]
    assert left.startswith("ỦY BAN NHÂN DÂN\nXÃ THIỆN TÂN") and "Số: 01/TB-UBND" in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert "Thiện Tân, ngày 23 tháng 11 năm 2026" in right
    paragraphs = doc.paragraphs
    at = [p.text for p in paragraphs].index("THÔNG BÁO")
    assert paragraphs[at].runs[0].bold and paragraphs[at + 1].text == (
        "Ý kiến kết luận của Chủ tịch UBND xã tại Hội nghị đối thoại với Nhân dân ngày 23/11/2026")
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "DỰ THẢO" not in body and "Định kỳ" not in body and "Chung" not in body
    assert "Ngày 23/11/2026, Ủy ban nhân dân xã Thiện Tân tổ chức Hội nghị đối thoại định kỳ giữa Chủ tịch UBND xã " \
           "với Nhân dân. Sau khi nghe ý kiến" in body  # its start as recorded; no venue was planned
    assert "tiếp thu các ý kiến" in body and "TT-0001 (Hạ tầng" in body and "Đã trả lời tại Hội nghị: Xã sẽ sửa" in body
    assert "Ý kiến, kiến nghị TT-0002 (Đất đai, Thôn Bến Đá): Giao Phòng Kinh tế trả lời bằng văn bản cho công dân chậm " \
           "nhất ngày 08/12/2026." in body
    assert "Nguyễn Văn An" not in body and "Trần Thị Bình" not in body
    recipients, signature = ["\n".join(p.text for p in cell.paragraphs) for cell in doc.tables[-1].rows[0].cells]
    assert recipients.splitlines() == [
        "Nơi nhận:", "- Sở Nội vụ tỉnh Lạng Sơn (để báo cáo);", "- Thường trực Đảng ủy xã;", "- Thường trực HĐND xã;",
        "- Chủ tịch, các Phó Chủ tịch UBND xã;", "- Ủy ban MTTQ Việt Nam xã;", "- Phòng Kinh tế;", "- Trưởng các thôn;",
        "- Công dân có ý kiến, kiến nghị;", "- Cổng thông tin điện tử xã;", "- Lưu: VT."]
    assert signature.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH") and signature.rstrip().endswith("Phạm Chủ Tịch")
    runs = [r for p in doc.paragraphs for r in p.runs] + \
        [r for t in doc.tables for c in t.rows[0].cells for p in c.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"Times New Roman"}
    section = doc.sections[0]
    assert [round(v.mm) for v in (section.page_width, section.page_height, section.left_margin,
                                  section.right_margin, section.top_margin)] == [210, 297, 30, 15, 20]


async def test_before_publishing_the_documents_are_drafts_with_the_number_and_day_left_blank(db):
    people, session_id, _, _ = await a_session_with_two_questions(db)
    secretary = people["secretary"]
    await converse(secretary, [(f"/conclude {session_id}", ""), ("[Write the conclusion]", ""),
                               ("UBND xã tiếp thu các ý kiến.", "Saved"), ("[Draft documents]", "DỰ THẢO")])
    files = attachments(secretary)
    assert set(files) == {f"du-thao-thong-bao-ket-luan-{session_id}.docx", f"du-thao-bien-ban-{session_id}.docx"}
    for name, code in (("thong-bao-ket-luan", "TB-UBND"), ("bien-ban", "BB-UBND")):
        doc = Document(io.BytesIO(files[f"du-thao-{name}-{session_id}.docx"]))
        assert doc.paragraphs[0].text == "DỰ THẢO" and doc.paragraphs[0].runs[0].bold
        left, right = ["\n".join(p.text for p in cell.paragraphs) for cell in doc.tables[0].rows[0].cells]
        assert f"Số: {BLANK}/{code}" in left and f"Thiện Tân, ngày {BLANK} tháng 11 năm 2026" in right


async def test_the_minutes_say_only_what_staff_recorded(db):
    people, session_id, _, _ = await a_session_with_two_questions(db)
    secretary, chair = people["secretary"], people["chair"]
    clock = secretary.deps.clock
    clock.now = NOW + timedelta(hours=2, minutes=35)  # 12:35 in Vietnam
    await record_the_end(secretary, session_id)
    await converse(secretary, [(f"/conclude {session_id}", ""), ("[Write the conclusion]", ""),
                               ("UBND xã tiếp thu các ý kiến.", "Saved"), ("[Draft documents]", "DỰ THẢO")])
    lines = texts(Document(io.BytesIO(attachments(secretary)[f"du-thao-bien-ban-{session_id}.docx"])))
    found = "\n".join(lines)
    assert "Thời gian bắt đầu: 10 giờ 00, ngày 23/11/2026." in lines and "Địa điểm: (chưa ghi nhận)." in lines
    assert "Số người tham dự: (chưa ghi nhận)." in lines and "Hội nghị kết thúc lúc 12 giờ 35 cùng ngày." in lines
    assert "đọc lại" not in found and "Trưởng các thôn" not in found
    assert [p for p in lines if p.startswith("THƯ KÝ") or p.startswith("CHỦ TỌA")] == ["THƯ KÝ", "CHỦ TỌA"]

    await converse(secretary, [("/sessions", ""), (f"[#{session_id} ]", ""), ("[Record attendance]", "How many"),
                               ("nhiều", "only the number"), ("120", "120 people"),
                               ("[Minutes read back and agreed]", "read back")])
    await chair.send(f"/conclude {session_id}")
    await chair.press("Draft documents")
    lines = texts(Document(io.BytesIO(attachments(chair)[f"du-thao-bien-ban-{session_id}.docx"])))
    assert "Số người tham dự: 120." in lines
    assert "Biên bản đã được đọc lại cho những người tham dự cùng nghe và thống nhất./." in lines


async def test_a_session_is_neither_concluded_nor_published_before_its_end_is_recorded(db):
    people, session_id, _, _ = await a_session_with_two_questions(db)
    secretary = people["secretary"]
    await secretary.send("/sessions")
    await secretary.press(f"#{session_id} ")
    assert "end has not been recorded" in await secretary.press("Conclude")
    assert "ended at" in await record_the_end(secretary, session_id)
    assert "already recorded" in await secretary.press("Record the end")  # the earlier card's button
    assert "Concluded" in await secretary.press("Conclude")


async def test_a_vice_chair_approves_only_when_the_chair_delegates_and_then_signs_kt(db):
    people, session_id, road, land = await a_session_with_two_questions(db)
    secretary, chair = people["secretary"], people["chair"]
    vice = await staff(db, secretary.deps, "8009", "vice_chair", "Đỗ Phó Chủ Tịch")
    await converse(secretary, [(f"/conclude {session_id}", ""), ("[Write the conclusion]", ""),
                               ("UBND xã tiếp thu các ý kiến.", "Saved"), ("/q TT-0001", ""), ("[Decline]", ""),
                               ("Không thuộc thẩm quyền của xã.", ""), ("/q TT-0002", ""), ("[Decline]", ""),
                               ("Không thuộc thẩm quyền của xã.", "")])
    await vice.send(f"/conclude {session_id}")
    assert "or a vice-chairperson the chair has asked to" in await vice.press("Approve")
    await chair.send(f"/conclude {session_id}")
    assert "may now approve" in await chair.press("Let a vice-chair approve")
    await vice.send(f"/conclude {session_id}")
    assert "approved by the chair" in await vice.press("Approve")
    await record_the_end(secretary, session_id)
    await secretary.send(f"/conclude {session_id}")
    await converse(secretary, [("[Publish]", "register"), ("07", "minutes"), ("04", "Published as notice No. 07")])
    doc = Document(io.BytesIO(attachments(secretary)[f"thong-bao-ket-luan-{session_id}.docx"]))
    signature = "\n".join(p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs)
    assert signature.startswith("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    assert signature.rstrip().endswith("Đỗ Phó Chủ Tịch")


def test_a_ward_online_session_reads_phuong_and_to_dan_pho_and_never_tai_truc_tuyen():
    words = unit_words("phuong")
    session = SimpleNamespace(kind="extraordinary", theme="admin_reform", online=True, venue="", co_organisers="front")
    assert w.session_name(session, words) == ("Hội nghị đối thoại đột xuất giữa Chủ tịch UBND phường với Nhân dân về "
                                               "cải cách hành chính, tinh thần, thái độ phục vụ của cán bộ, công chức")
    assert w.where_held(session) == " theo hình thức trực tuyến" and "tại" not in w.where_held(session)
    assert w.co_organised(session, words) == ", phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam phường"
    recipients = w.notice_recipients(words, "Thành phố Hà Nội", [])
    assert recipients[0] == "Sở Nội vụ thành phố Hà Nội (để báo cáo);"
    assert "Tổ trưởng các tổ dân phố;" in recipients and "Cổng thông tin điện tử phường;" in recipients
    assert unit_words("dac_khu").heads == "trưởng các thôn, tổ trưởng các tổ dân phố"
    assert unit_words("").unit == "xã"
    head = Heading("Ba Đình", words, "TB-UBND", None, date(2026, 2, 3))
    assert number_line(head) == f"Số: {BLANK}/TB-UBND"
    doc = Document(io.BytesIO(notice(head, "Tóm tắt", "Mở đầu", [], "Kết thúc./.", w.signature("office", "Lê Văn A"),
                                     recipients)))
    left = "\n".join(p.text for p in doc.tables[0].rows[0].cells[0].paragraphs)
    assert left.startswith("ỦY BAN NHÂN DÂN\nPHƯỜNG BA ĐÌNH")
    assert "\n".join(p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs).startswith(
        "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG")


async def test_the_report_sends_a_chart_and_a_spreadsheet_with_names_only_for_managers(db):
    people, session_id = await published(db)
    await people["chair"].send(f"/report {session_id}")
    files = attachments(people["chair"])
    assert files[f"bieu-do-{session_id}.png"].startswith(b"\x89PNG")
    assert {f"thong-bao-ket-luan-{session_id}.docx", f"bien-ban-{session_id}.docx"} <= set(files)
    sheet = load_workbook(io.BytesIO(files[f"bao-cao-{session_id}.xlsx"])).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:4] == ["Mã", "Thôn", "Lĩnh vực", "Trạng thái"] and rows[0][-2:] == ["Người hỏi", "Số điện thoại"]
    assert rows[1][0] == "TT-0001" and rows[1][1] == "Thôn Lân Luông" and rows[1][9] == "Nguyễn Văn An"
    assert rows[2][4] == "Phòng Kinh tế" and rows[2][5].date() == date(2026, 12, 8)

    await people["officer"].send(f"/report {session_id}")
    sheet = load_workbook(io.BytesIO(attachments(people["officer"])[f"bao-cao-{session_id}.xlsx"])).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Người hỏi" not in values and "Nguyễn Văn An" not in values and "TT-0001" in values
    assert "only for commune staff" in await people["an"].send(f"/report {session_id}")


async def test_the_scorecard_shows_on_time_rates_satisfaction_and_volumes(db):
    people, _ = await published(db)
    card = await people["chair"].send("/scorecard")
    assert "Scorecard: 2 questions" in card and "Conclusion notices: 100% (1 of 1)" in card
    assert "Results to village heads: 100% (1 of 1)" in card and "Written answers: nothing to measure yet" in card
    assert "the scorecard is for" in await people["officer"].send("/scorecard")


@pytest.mark.skipif(pdf_converter() is None, reason="LibreOffice (soffice) is not installed")
async def test_the_report_adds_pdf_copies_of_the_documents_when_libreoffice_is_installed(db):
    people, session_id = await published(db)
    people["chair"].deps.pdf = pdf_converter()
    await people["chair"].send(f"/report {session_id}")
    files = attachments(people["chair"])
    assert files[f"thong-bao-ket-luan-{session_id}.pdf"].startswith(b"%PDF")
    assert files[f"bien-ban-{session_id}.pdf"].startswith(b"%PDF")


async def test_a_ward_resident_reads_to_dan_pho_where_a_commune_resident_reads_thon(db):
    await add_commune(db)
    deps = await make_deps(db)
    chat = Chat(deps, "7100", language="vi")
    await register(chat, "Nguyễn Văn An", "Lân Luông")
    assert "cho thôn của Ông/Bà" in await chat.send("/sessions")
    async with db.unit_of_work() as uow:
        await uow.session.execute(update(Commune).values(kind="phuong"))
        await uow.commit()
    reply = await chat.send("/sessions")
    assert "cho tổ dân phố của Ông/Bà" in reply and "thôn" not in reply
    assert unit_words("phuong").village == "tổ dân phố"
    assert localise_units("Chính sách xã hội của xã; Trưởng thôn báo UBND xã.", "phuong") == \
        "Chính sách xã hội của phường; Tổ trưởng tổ dân phố báo UBND phường."
    assert localise_units("Thông tin của thôn", "dac_khu") == "Thông tin của thôn"


async def test_a_commune_whose_office_signs_by_order_gets_tl_chu_tich_chanh_van_phong(db):
    people, session_id = await published(db)
    async with db.unit_of_work() as uow:
        await uow.session.execute(insert(CommunePolicy).values(commune_id=select(Commune.id).scalar_subquery(),
                                                               key="document.notice_signature", value="tl")
                                  .on_conflict_do_update(index_elements=["commune_id", "key"], set_={"value": "tl"}))
        await uow.commit()
    await people["chair"].send(f"/report {session_id}")
    doc = Document(io.BytesIO(attachments(people["chair"])[f"thong-bao-ket-luan-{session_id}.docx"]))
    signature = "\n".join(p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs)
    assert signature.startswith("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG") and signature.rstrip().endswith("Lê Thư Ký")
