"""Official documents per Decree 30/2020/NĐ-CP as .docx bytes: THÔNG BÁO kết luận and BIÊN BẢN. Pure: data in,
bytes out (python-docx works in memory)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from handlers.conversation.text import clean

FONT = "Times New Roman"


@dataclass(frozen=True)
class Heading:
    commune: str  # "Thiện Tân"
    number: str  # "01/TB-UBND"
    day: date


@dataclass(frozen=True)
class Meeting:
    title: str
    starts_at: datetime  # Vietnam time
    place: str
    chair: str
    secretary: str
    participants: str


def place_and_date(commune: str, day: date) -> str:
    """"Thiện Tân, ngày 05 tháng 01 năm 2026": leading zeros for days under 10 and for January and February."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{commune}, ngày {day.day:02d} tháng {month} năm {day.year}"


def notice(head: Heading, meeting: Meeting, conclusion: str, outcomes: list[str], signer: str,
           recipients: list[str]) -> bytes:
    """THÔNG BÁO kết luận của Chủ tịch UBND xã tại hội nghị đối thoại."""
    doc = _document()
    _header(doc, head)
    _title(doc, "THÔNG BÁO", f"Kết luận của Chủ tịch Ủy ban nhân dân xã tại {meeting.title[:1].lower()}"
                             f"{meeting.title[1:]} ngày {meeting.starts_at:%d/%m/%Y}")
    _body(doc, f"Ngày {meeting.starts_at:%d/%m/%Y}, tại {meeting.place}, Ủy ban nhân dân xã {head.commune} tổ chức "
               f"{meeting.title[:1].lower()}{meeting.title[1:]}. Chủ trì: {meeting.chair}. Sau khi nghe ý kiến của "
               f"Nhân dân, Chủ tịch Ủy ban nhân dân xã kết luận như sau:")
    for line in conclusion.splitlines():
        if line.strip():
            _body(doc, line.strip())
    if outcomes:
        _body(doc, "Kết quả giải quyết các câu hỏi, kiến nghị:", bold=True)
        for line in outcomes:
            _body(doc, f"- {line}")
    _body(doc, f"Ủy ban nhân dân xã {head.commune} thông báo để các cơ quan, đơn vị, thôn và Nhân dân biết, "
               "thực hiện./.")
    _signatures(doc, recipients, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], signer)
    return _bytes(doc)


def minutes(head: Heading, meeting: Meeting, proceedings: list[str], ends_at: datetime) -> bytes:
    """BIÊN BẢN hội nghị đối thoại: time, place, participants, chair, secretary, proceedings, closing, signatures."""
    doc = _document()
    _header(doc, head)
    _title(doc, "BIÊN BẢN", f"{meeting.title}")
    _body(doc, f"Thời gian: {meeting.starts_at:%H} giờ {meeting.starts_at:%M}, ngày {meeting.starts_at:%d/%m/%Y}.")
    _body(doc, f"Địa điểm: {meeting.place}.")
    _body(doc, f"Thành phần tham dự: {meeting.participants}.")
    _body(doc, f"Chủ trì: {meeting.chair}. Thư ký: {meeting.secretary}.")
    _body(doc, "Nội dung:", bold=True)
    for line in proceedings:
        _body(doc, f"- {line}")
    _body(doc, f"Hội nghị kết thúc vào lúc {ends_at:%H} giờ {ends_at:%M} cùng ngày. Biên bản đã được đọc lại cho "
               "những người tham dự cùng nghe và thống nhất./.")
    table = _borderless(doc, 2)
    for cell, (role, name) in zip(table.rows[0].cells, (("THƯ KÝ", meeting.secretary), ("CHỦ TỌA", meeting.chair))):
        _line(cell.paragraphs[0], role, bold=True, center=True)
        _line(cell.add_paragraph(), "(Ký, ghi rõ họ tên)", italic=True, center=True, size=12)
        for _ in range(3):
            cell.add_paragraph()
        _line(cell.add_paragraph(), name, bold=True, center=True)
    return _bytes(doc)


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word otherwise falls back for Vietnamese text
    return doc


def _header(doc: Document, head: Heading) -> None:
    """Two columns: the issuing body and the number on the left; the national motto, place and date right."""
    table = _borderless(doc, 2)
    left, right = table.rows[0].cells
    _line(left.paragraphs[0], "ỦY BAN NHÂN DÂN", bold=True, center=True, size=13)
    _line(left.add_paragraph(), f"XÃ {head.commune.upper()}", bold=True, center=True, size=13)
    _line(left.add_paragraph(), "―――――", center=True, size=10)
    _line(left.add_paragraph(), f"Số: {head.number}", center=True, size=13)
    _line(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True, size=12)
    _line(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", bold=True, center=True, size=13)
    _line(right.add_paragraph(), "―――――――――――――", center=True, size=10)
    _line(right.add_paragraph(), place_and_date(head.commune, head.day), italic=True, center=True, size=13)


def _title(doc: Document, kind: str, summary: str) -> None:
    _line(doc.add_paragraph(), kind, bold=True, center=True)
    _line(doc.add_paragraph(), summary, bold=True, center=True)


def _body(doc: Document, text: str, bold: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    _line(paragraph, text, bold=bold)


def _signatures(doc: Document, recipients: list[str], titles: list[str], signer: str) -> None:
    table = _borderless(doc, 2)
    left, right = table.rows[0].cells
    _line(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
    for recipient in recipients + ["Lưu: VT."]:
        _line(left.add_paragraph(), f"- {recipient}", size=11)
    _line(right.paragraphs[0], titles[0], bold=True, center=True)
    for title in titles[1:]:
        _line(right.add_paragraph(), title, bold=True, center=True)
    for _ in range(3):
        right.add_paragraph()
    _line(right.add_paragraph(), signer, bold=True, center=True)


def _borderless(doc: Document, columns: int):
    table = doc.add_table(rows=1, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table  # the default "Normal Table" style has no borders


def _line(paragraph, text: str, *, bold: bool = False, italic: bool = False, center: bool = False,
          size: int | None = None) -> None:
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(clean(text))  # stored text may predate cleaning; Word refuses control characters
    run.bold, run.italic = bold, italic
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)


def _bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
