"""Official documents per Decree 30/2020/NĐ-CP as .docx bytes: THÔNG BÁO kết luận, BIÊN BẢN, BÁO CÁO, KẾ HOẠCH and
the official letter (công văn) of a written answer. Pure: data in,
bytes out (python-docx works in memory). Until the clerk enters the number from the commune's register a document is
a draft: marked DỰ THẢO, number and day left blank."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from handlers.commune.kinds import UnitWords
from handlers.conclusions.document_words import Signature
from handlers.conversation.text import clean

FONT = "Times New Roman"
DRAFT = "DỰ THẢO"
BLANK = "\u00a0" * 6  # left for the clerk to write in: no-break spaces, which Word keeps


@dataclass(frozen=True)
class Heading:
    """The two-column header: the issuing body and the number; the national motto, place and date."""
    commune: str  # "Thiện Tân"
    words: UnitWords  # xã / phường / đặc khu
    code: str  # "TB-UBND"
    number: int | None  # from the commune's register, entered by the clerk; None: a draft (DỰ THẢO)
    day: date  # the day of issue (a draft shows only its month and year)
    subject: str = ""  # an official letter's summary under its number: "V/v trả lời câu hỏi của công dân"

    @property
    def draft(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Section:
    """A bold heading (may be empty) and its paragraphs."""
    heading: str
    lines: tuple[str, ...]


def place_and_date(commune: str, day: date, draft: bool = False) -> str:
    """"Thiện Tân, ngày 05 tháng 01 năm 2026": leading zeros for days under 10 and for January and February. A
    draft leaves the day blank for the day of issue."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{commune}, ngày {BLANK if draft else f'{day.day:02d}'} tháng {month} năm {day.year}"


def number_line(head: Heading) -> str:
    """"Số: 05/TB-UBND"; a draft leaves the number blank for the clerk: "Số:      /TB-UBND"."""
    return f"Số: {BLANK}/{head.code}" if head.draft else f"Số: {head.number:02d}/{head.code}"


def notice(head: Heading, summary: str, opening: str, sections: list[Section], closing: str,
           signature: Signature, recipients: list[str]) -> bytes:
    """THÔNG BÁO: the chair's conclusions of a dialogue session."""
    return titled(head, "THÔNG BÁO", summary, [Section("", (opening,))] + sections, closing, signature, recipients)


def titled(head: Heading, title: str, summary: str, sections: list[Section], closing: str, signature: Signature,
           recipients: list[str], addressees: list[str] | None = None) -> bytes:
    """A titled document (THÔNG BÁO, BÁO CÁO, KẾ HOẠCH): the title and its summary, "Kính gửi" when addressed, the
    sections, the closing line, "Nơi nhận" and the signature."""
    doc = _document(head)
    _title(doc, title, summary)
    if addressees:
        _addressed(doc, addressees)
    for section in sections:
        if section.heading:
            _body(doc, section.heading, bold=True)
        for line in section.lines:
            _body(doc, line)
    _body(doc, closing)
    _signatures(doc, recipients, signature)
    return _bytes(doc)


def letter(head: Heading, addressees: list[str], lines: list[str], signature: Signature,
           recipients: list[str]) -> bytes:
    """An official letter (công văn): no title, its summary ("V/v …") under the number, "Kính gửi", the body."""
    doc = _document(head)
    _addressed(doc, addressees)
    for line in lines:
        _body(doc, line)
    _signatures(doc, recipients, signature)
    return _bytes(doc)


def minutes(head: Heading, summary: str, lines: list[str], secretary: str, chair: str) -> bytes:
    """BIÊN BẢN: only what was recorded (the caller writes the lines), signed by the secretary and the chair."""
    doc = _document(head)
    _title(doc, "BIÊN BẢN", summary)
    for line in lines:
        _body(doc, line, bold=line.endswith(":") and len(line) < 60)
    table = _borderless(doc, 2)
    for cell, (role, name) in zip(table.rows[0].cells, (("THƯ KÝ", secretary), ("CHỦ TỌA", chair))):
        _line(cell.paragraphs[0], role, bold=True, center=True)
        _line(cell.add_paragraph(), "(Ký, ghi rõ họ tên)", italic=True, center=True, size=12)
        for _ in range(3):
            cell.add_paragraph()
        _line(cell.add_paragraph(), name, bold=True, center=True)
    return _bytes(doc)


def invitation(head: Heading, summary: str, lines: list[str], signature: Signature, recipients: list[str],
               annex_title: str, annex: list[tuple[str, list[str]]]) -> bytes:
    """GIẤY MỜI: the invitation to a session, signed like the notice, with the list of delegates as its annex."""
    doc = _document(head)
    _title(doc, "GIẤY MỜI", summary)
    for line in lines:
        _body(doc, line)
    _signatures(doc, recipients, signature)
    if annex:
        doc.add_page_break()
        _title(doc, "DANH SÁCH ĐẠI BIỂU ĐƯỢC MỜI", annex_title)
        for heading, names in annex:
            _body(doc, heading, bold=True)
            for name in names:
                _body(doc, name)
    return _bytes(doc)


def _document(head: Heading) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word otherwise falls back for Vietnamese text
    if head.draft:  # until the clerk enters the register's number, the document is only a draft
        _line(doc.add_paragraph(), DRAFT, bold=True, size=13)
    _header(doc, head)
    return doc


def _header(doc: Document, head: Heading) -> None:
    """Two columns: the issuing body and the number on the left; the national motto, place and date right."""
    table = _borderless(doc, 2)
    left, right = table.rows[0].cells
    _line(left.paragraphs[0], "ỦY BAN NHÂN DÂN", bold=True, center=True, size=13)
    _line(left.add_paragraph(), f"{head.words.unit} {head.commune}".upper(), bold=True, center=True, size=13)
    _line(left.add_paragraph(), "―――――", center=True, size=10)
    _line(left.add_paragraph(), number_line(head), center=True, size=13)
    if head.subject:
        _line(left.add_paragraph(), f"V/v {head.subject}", center=True, size=12)
    _line(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True, size=12)
    _line(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", bold=True, center=True, size=13)
    _line(right.add_paragraph(), "―――――――――――――", center=True, size=10)
    _line(right.add_paragraph(), place_and_date(head.commune, head.day, head.draft), italic=True, center=True, size=13)


def _title(doc: Document, kind: str, summary: str) -> None:
    _line(doc.add_paragraph(), kind, bold=True, center=True)
    _line(doc.add_paragraph(), summary, bold=True, center=True)


def _addressed(doc: Document, addressees: list[str]) -> None:
    """One addressee on the line "Kính gửi: …"; several each on a line of their own, "- …;", the last ending "."."""
    if len(addressees) == 1:
        _line(doc.add_paragraph(), f"Kính gửi: {addressees[0]}.", center=True)
        return
    _line(doc.add_paragraph(), "Kính gửi:", center=True)
    for number, name in enumerate(addressees, start=1):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(40)
        _line(paragraph, f"- {name}{'.' if number == len(addressees) else ';'}")


def _body(doc: Document, text: str, bold: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    _line(paragraph, text, bold=bold)


def _signatures(doc: Document, recipients: list[str], signature: Signature) -> None:
    table = _borderless(doc, 2)
    left, right = table.rows[0].cells
    _line(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
    for recipient in recipients + ["Lưu: VT."]:
        _line(left.add_paragraph(), f"- {recipient}", size=11)
    _line(right.paragraphs[0], signature.titles[0], bold=True, center=True)
    for title in signature.titles[1:]:
        _line(right.add_paragraph(), title, bold=True, center=True)
    for _ in range(3):
        right.add_paragraph()
    _line(right.add_paragraph(), signature.name, bold=True, center=True)


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
