"""File names and MIME types from residents are cleaned and bounded before anything stores or shows them."""
from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select
from telegram import Update

from bot.telegram.parse import parse_update
from handlers.conversation.events import Attachment, AttachmentSent
from handlers.conversation.files import MAX_FILE_NAME, clean_file_name, clean_mime_type
from storage.models import Question, QuestionAttachment
from tests.fixtures import Chat, add_commune, make_deps, register, start_question


@pytest.mark.parametrize("raw, clean", [
    ("đơn đề nghị.pdf", "đơn đề nghị.pdf"),
    (unicodedata.normalize("NFD", "Giấy tờ đất.docx"), "Giấy tờ đất.docx"),
    ("../../etc/passwd", "etc_passwd"),
    ("C:\\Windows\\system32\\cmd.exe", "C_Windows_system32_cmd.exe"),
    ('a<b>c:d"e|f?g*h.txt', "a_b_c_d_e_f_g_h.txt"),
    ("bad\x00na\x1bme\u202e.pdf", "badname.pdf"),
    ("  .hidden  ", "hidden"),
    ("line\nbreak.jpg", "line break.jpg"),
    ("", ""),
    ("\x00\x01", ""),
])
def test_file_names_lose_path_and_control_characters_and_are_composed(raw, clean):
    assert clean_file_name(raw) == clean


def test_a_1000_character_file_name_is_cut_keeping_its_extension():
    name = clean_file_name("Đơn khiếu nại " * 80 + ".pdf")
    assert len(name) <= MAX_FILE_NAME and name.endswith(".pdf") and name.startswith("Đơn khiếu nại")
    assert len(clean_file_name("x" * 1000)) == MAX_FILE_NAME
    assert clean_file_name("a." + "b" * 500).endswith("b") and len(clean_file_name("a." + "b" * 500)) <= MAX_FILE_NAME


@pytest.mark.parametrize("raw, clean", [
    ("application/pdf", "application/pdf"),
    ("Image/JPEG", "image/jpeg"),
    ("text/plain; charset=utf-8", "text/plain"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("junk", ""), ("a/b/c", ""), ("<script>/x", ""), ("text/" + "x" * 200, ""), ("", ""), ("tëxt/plain", ""),
])
def test_mime_types_must_look_like_type_slash_subtype(raw, clean):
    assert clean_mime_type(raw) == clean


def test_a_telegram_document_is_cleaned_when_parsed():
    update = Update.de_json({"update_id": 1, "message": {
        "message_id": 5, "date": 0, "chat": {"id": 9, "type": "private"},
        "from": {"id": 9, "is_bot": False, "first_name": "An"},
        "document": {"file_id": "F1", "file_unique_id": "U1", "file_name": "../" + "ả" * 1000 + ".pdf",
                     "mime_type": "junk\x00/<x>"}}}, None)
    attachment = parse_update(update, "1", "bot").attachment
    assert len(attachment.file_name) <= MAX_FILE_NAME and attachment.file_name.endswith(".pdf")
    assert "/" not in attachment.file_name and attachment.mime_type == ""


@pytest.mark.usefixtures("channel")
async def test_a_question_with_a_1000_character_file_name_and_junk_mime_type_is_submitted(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "8001")
    await register(chat)
    await start_question(chat)
    document = Attachment("document", "BQACAgIAAxkBAAIB", "Sổ đỏ " * 170 + ".pdf", "x" * 300)
    await chat._run(AttachmentSent(attachment=document, **chat._common()))
    await chat.send("Xin xem giấy tờ đính kèm")
    assert "TT-0001" in await chat.press("Send")
    async with db.unit_of_work() as uow:
        stored = (await uow.session.scalars(select(QuestionAttachment))).one()
        assert await uow.session.scalar(select(Question.code)) == "TT-0001"
    assert stored.file_name.startswith("Sổ đỏ") and stored.file_name.endswith(".pdf")
    assert len(stored.file_name) <= MAX_FILE_NAME and stored.mime_type == ""


@pytest.mark.usefixtures("channel")
async def test_a_photo_whose_address_is_long_is_kept_whole(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "8002")
    await register(chat)
    await start_question(chat)
    url = "https://photo-stal-14.zadn.vn/2026/11/29/" + "a1b2c3d4" * 40 + ".jpg?sig=" + "f" * 64
    await chat._run(AttachmentSent(attachment=Attachment("photo", url), **chat._common()))
    await chat.send("Ảnh con đường")
    assert "TT-0001" in await chat.press("Send")
    async with db.unit_of_work() as uow:
        assert (await uow.session.scalars(select(QuestionAttachment.file_id))).one() == url
