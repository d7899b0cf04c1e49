"""A session's report as an .xlsx workbook and a chart PNG, in Vietnamese. Pure: rows in, bytes out."""
from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from handlers.conversation.text import clean

HEADERS = ["Mã", "Thôn", "Lĩnh vực", "Trạng thái", "Bộ phận", "Hạn trả lời", "Ngày trả lời", "Đúng hạn",
           "Mức độ hài lòng"]
PERSONAL_HEADERS = ["Người hỏi", "Số điện thoại"]
SATISFACTION = {"satisfied": "Hài lòng", "partly": "Hài lòng một phần", "not": "Không hài lòng"}


@dataclass(frozen=True)
class Row:
    code: str
    village: str
    topic: str
    state: str
    department: str
    due_on: date | None
    done_on: date | None
    satisfaction: str | None
    asker: str = ""
    phone: str = ""


def on_time(due_on: date | None, done_on: date | None, today: date) -> bool | None:
    """Answered by the due date (True), late or overdue (False), or not yet judged (None)."""
    if due_on is None:
        return None
    if done_on is not None:
        return done_on <= due_on
    return False if today > due_on else None


def workbook(title: str, rows: list[Row], today: date, personal: bool) -> bytes:
    """One sheet, one line per question; the asker's name and phone only when `personal`."""
    from openpyxl import Workbook  # here, not at import: openpyxl costs ~30 MB a process that never reports
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Câu hỏi"
    sheet.append([clean(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(HEADERS + (PERSONAL_HEADERS if personal else []))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        flag = on_time(r.due_on, r.done_on, today)
        line = [r.code, r.village, r.topic, r.state, r.department, r.due_on, r.done_on,
                "" if flag is None else ("Có" if flag else "Không"), SATISFACTION.get(r.satisfaction or "", "")]
        line += [r.asker, r.phone or ""] if personal else []
        sheet.append([clean(v) if isinstance(v, str) else v for v in line])  # a workbook refuses control characters
    _as_text(sheet)
    for column, width in zip("ABCDEFGHIJK", (10, 18, 28, 22, 24, 12, 12, 10, 18, 22, 14)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as_text(sheet) -> None:
    """Every string cell is text, never a formula (a name like =HYPERLINK(...) stays a name), and keeps being text
    when someone edits it in Excel or LibreOffice (the quote prefix)."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type, cell.quotePrefix = "s", True


def chart(title: str, rows: list[Row]) -> bytes:
    """Two bar charts side by side: questions by topic and by state, as PNG."""
    import matplotlib  # here, not at import: pyplot costs ~55 MB and 0.7 s a process that never reports

    matplotlib.use("Agg")  # no display on a server; must precede pyplot
    from matplotlib import pyplot

    figure, (left, right) = pyplot.subplots(1, 2, figsize=(11, 4.5), dpi=100)
    try:
        for axis, counts, name in ((left, Counter(r.topic for r in rows), "Theo lĩnh vực"),
                                   (right, Counter(r.state for r in rows), "Theo trạng thái")):
            labels = sorted(counts)
            axis.barh(labels, [counts[k] for k in labels], color="#2f6f9f")
            axis.set_title(name)
            axis.xaxis.get_major_locator().set_params(integer=True)
        figure.suptitle(title)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
