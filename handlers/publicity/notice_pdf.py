"""The A4 notice as a PDF (fpdf2, pure Python) in DejaVu Sans, the font matplotlib installs with its package (full
Vietnamese coverage; its licence ships beside it, LICENSE_DEJAVU): nothing to download, no LibreOffice. Bytes in,
bytes out; fpdf2 is imported only when a notice is made."""
from __future__ import annotations

import unicodedata
from importlib.util import find_spec
from io import BytesIO
from pathlib import Path
from typing import Any, Callable

from handlers.publicity.words import Notice

QR_SIZE = 48  # mm: scannable from a step away on a notice board
FONT = "DejaVu"


def font_folder() -> Path:
    """matplotlib's bundled TrueType folder, found without importing matplotlib (a heavy import)."""
    spec = find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib (which brings the DejaVu Sans font) is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"


def notice_pdf(notice: Notice, qr: Callable[[str], bytes] | None) -> bytes:
    """The notice on A4 portrait: heading, title, facts, paragraphs, the deadline in bold, QR codes with captions
    (drawn by `qr`, a link → PNG function; none without it), place and date."""
    from fpdf import FPDF  # here, not at start-up: only a notice needs it

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font(FONT, "", str(font_folder() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(font_folder() / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{notice.title} - {notice.subtitle}")
    pdf.set_author(notice.issuer)
    pdf.set_lang("vi")
    pdf.add_page()
    _heading(pdf, notice.issuer)
    _write(pdf, notice.title, 20, "B", "C", 11)
    _write(pdf, notice.subtitle, 14, "B", "C", 7)
    pdf.ln(4)
    for label, value in notice.facts:
        pdf.set_font(FONT, "B", 12)
        pdf.write(7, f"{label}: ")
        pdf.set_font(FONT, "", 12)
        pdf.write(7, printable(value))
        pdf.ln(9)
    pdf.ln(2)
    for paragraph in notice.paragraphs:
        _write(pdf, paragraph, 12, "", "L", 7)
    pdf.ln(2)
    _write(pdf, notice.emphasis, 13, "B", "L", 7)
    if qr is not None:
        _codes(pdf, notice.codes, qr)
    pdf.ln(6)
    _write(pdf, notice.signed, 11, "", "R", 6)
    return bytes(pdf.output())


def printable(text: str) -> str:
    """Without emoji and pictographs, which DejaVu Sans does not draw (staff may type them in a conclusion)."""
    return "".join(ch for ch in text if ord(ch) <= 0xFFFF and unicodedata.category(ch) != "So")


def _write(pdf: Any, text: str, size: int, style: str, align: str, height: float) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, height, printable(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: Any, issuer: str) -> None:
    """The issuing committee on the left, the national motto on the right, as Vietnamese notices begin."""
    top, half = pdf.get_y(), (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(half - 4, 5, issuer.upper(), align="C")
    left_end = pdf.get_y()
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.multi_cell(half, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                   align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(left_end, pdf.get_y()) + 8)


def _codes(pdf: Any, codes: tuple[tuple[str, str], ...], qr: Callable[[str], bytes]) -> None:
    """The QR codes side by side, each with its caption under it; on a new page when this one is full."""
    if not codes:
        return
    needed = QR_SIZE + 20
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / len(codes)
    top = pdf.get_y() + 6
    pdf.set_font(FONT, "", 10)
    for index, (link, caption) in enumerate(codes):
        left = pdf.l_margin + index * width
        pdf.image(BytesIO(qr(link)), x=left + (width - QR_SIZE) / 2, y=top, w=QR_SIZE, h=QR_SIZE)
        pdf.set_xy(left, top + QR_SIZE + 1)
        pdf.multi_cell(width, 5, printable(caption), align="C")
    pdf.set_xy(pdf.l_margin, top + QR_SIZE + 12)
