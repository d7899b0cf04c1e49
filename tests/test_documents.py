"""Official documents (Decree 30/2020) read back with python-docx, the .xlsx report, the chart and /scorecard."""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.pdf import pdf_converter
from handlers.conclusions.official_docs import place_and_date
from tests.fixtures import published


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
    files = attachments(people["chair"])
    doc = Document(io.BytesIO(files[f"thong-bao-ket-luan-{session_id}.docx"]))
    left, right = ["\n".join(p.text for p in cell.paragraphs) for cell in doc.tables[0].rows[0].cells]
    assert left.startswith("ỦY BAN NHÂN DÂN\nXÃ THIỆN TÂN") and "Số: 01/TB-UBND" in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert "Thiện Tân, ngày 23 tháng 11 năm 2026" in right
    paragraphs = doc.paragraphs
    at = [p.text for p in paragraphs].index("THÔNG BÁO")
    assert paragraphs[at].runs[0].bold and paragraphs[at + 1].text.startswith("Kết luận của Chủ tịch")
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "tiếp thu các ý kiến" in body and "TT-0001" in body and "TT-0002" in body and "Phòng Kinh tế" in body
    assert "Nguyễn Văn An" not in body and "Trần Thị Bình" not in body
    recipients, signature = ["\n".join(p.text for p in cell.paragraphs) for cell in doc.tables[-1].rows[0].cells]
    assert recipients.startswith("Nơi nhận:") and recipients.rstrip().endswith("- Lưu: VT.")
    assert signature.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH") and signature.rstrip().endswith("Phạm Chủ Tịch")
    runs = [r for p in doc.paragraphs for r in p.runs] + \
        [r for t in doc.tables for c in t.rows[0].cells for p in c.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"Times New Roman"}
    section = doc.sections[0]
    assert [round(v.mm) for v in (section.page_width, section.page_height, section.left_margin,
                                  section.right_margin, section.top_margin)] == [210, 297, 30, 15, 20]


async def test_the_minutes_are_numbered_separately_and_signed_by_secretary_and_chair(db):
    people, session_id = await published(db)
    doc = Document(io.BytesIO(attachments(people["chair"])[f"bien-ban-{session_id}.docx"]))
    found = texts(doc)
    assert "Số: 01/BB-UBND" in found and "BIÊN BẢN" in found and "Hội nghị kết thúc vào lúc" in "\n".join(found)
    signatures = [cell.paragraphs[0].text for cell in doc.tables[-1].rows[0].cells]
    assert signatures == ["THƯ KÝ", "CHỦ TỌA"] and "Lê Thư Ký" in found and "Phạm Chủ Tịch" in found


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
