"""Publicity beyond chat: the A4 notice (PDF) and the loudspeaker text of a session's announcement and results, and
the commune's public results page (HTML, JSON, RSS) — nothing personal, nothing unpublished, no other commune."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from datetime import timedelta
from io import BytesIO
from typing import Any

import aiohttp
import pypdf
import zxingcpp
from aiohttp.test_utils import TestServer
from sqlalchemy import update

from bot.admin import invite_staff
from bot.qr import qr_png
from bot.sandbox.demo import COMMUNE_CODE, load_demo_data
from bot.web import build_web_app
from handlers.publicity.spoken import speakable
from handlers.publicity.words import SessionFacts, announcement_speech
from storage.models import DialogueSession, Question
from tests.fixtures import (NOW, Chat, add_commune, add_session, agree_to_notice, ask_in, community, open_session,
                            published)

A4_POINTS = (595.28, 841.89)


def attachment(chat: Chat):
    files = [r.attachment for r in chat.outcomes[-1].replies if r.attachment is not None]
    assert len(files) == 1, [r.text for r in chat.outcomes[-1].replies]
    return files[0]


def read_pdf(content: bytes) -> tuple[str, list[str], tuple[float, float]]:
    """The text of every page, the QR codes' contents in the page images, and the first page's size in points."""
    reader = pypdf.PdfReader(BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    codes = [zxingcpp.read_barcodes(image.image)[0].text for page in reader.pages for image in page.images]
    box = reader.pages[0].mediabox
    return text, codes, (round(float(box.width), 2), round(float(box.height), 2))


async def an_announced_session(db) -> tuple[dict, int]:
    deps, people = await community(db)
    deps.qr = qr_png
    session_id = await open_session(db, NOW + timedelta(days=10))  # Thursday 03/12/2026, 10:00 in Vietnam
    async with db.unit_of_work() as uow:
        await uow.session.execute(update(DialogueSession).where(DialogueSession.id == session_id).values(
            venue="Hội trường UBND xã", intake_closes_at=NOW + timedelta(days=7, hours=14)))  # 01/12 00:00 in Vietnam
        await uow.commit()
    return people, session_id


def spoken(text: str) -> None:
    """Written to be read aloud: no link, handle, emoji or date in figures."""
    assert not re.search(r"https?://|t\.me|@\w|www\.", text), text
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}:\d{2}", text), text
    assert all(ch.isalnum() or ch.isspace() or ch in ".,;:!?()-–\"'%/" for ch in text), text
    assert "UBND" not in text


async def test_the_announcement_notice_is_an_a4_pdf_in_vietnamese_with_qr_codes_to_the_bot_and_the_session(db):
    people, session_id = await an_announced_session(db)
    secretary = people["secretary"]
    assert "A4 notice" in await secretary.send(f"/notice {session_id}")
    notice = attachment(secretary)
    assert notice.mime_type == "application/pdf" and notice.file_name == f"thong-bao-hoi-nghi-{session_id}.pdf"
    text, codes, size = read_pdf(notice.content)
    assert size == A4_POINTS
    for words in ("ỦY BAN NHÂN DÂN XÃ THIỆN TÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "THÔNG BÁO",
                  "Hội nghị đối thoại định kỳ giữa Chủ tịch UBND xã", "Thời gian: 10 giờ 00, thứ Năm, ngày 03/12/2026",
                  "Địa điểm: Hội trường UBND xã", "Chủ trì: Đồng chí Phạm Chủ Tịch, Chủ tịch UBND xã Thiện Tân",
                  "Cách gửi câu hỏi", "Hạn gửi câu hỏi: chậm nhất đến hết ngày 30/11/2026"):
        assert words in " ".join(text.split()), (words, text)
    bot = "https://t.me/doithoai_test_bot"
    assert sorted(codes) == [bot, f"{bot}?start=ask-{session_id}-0"]

    await secretary.send("/sessions")
    await secretary.press(f"#{session_id} ")
    await secretary.press("Notice to post (PDF)")  # the same notice from the session card
    assert read_pdf(attachment(secretary).content)[1] == codes


async def test_the_loudspeaker_text_reads_the_announcement_aloud_to_a_village_head(db):
    people, session_id = await an_announced_session(db)
    text = await people["head"].send(f"/loa {session_id}")  # a village head reads it on the village loudspeaker
    spoken(text.split("\n", 1)[1])
    assert "Thời gian: 10 giờ 00, thứ Năm, ngày 3 tháng 12 năm 2026." in text
    assert "chậm nhất đến hết ngày 30 tháng 11 năm 2026" in text
    assert "Chủ trì: Đồng chí Phạm Chủ Tịch, Chủ tịch Ủy ban nhân dân xã Thiện Tân" in text
    assert text.count("10 giờ 00, thứ Năm, ngày 3 tháng 12 năm 2026") == 2  # said again at the end
    assert "Xin nhắc lại" in text and "Trân trọng thông báo." in text

    async with db.unit_of_work() as uow:  # seed 001: the Party secretary chairs
        (await uow.repo.get_session(session_id)).chaired_by = "party_secretary"
        await uow.commit()
    text = await people["head"].send(f"/loa {session_id}")
    assert "Chủ trì: Bí thư Đảng ủy xã Thiện Tân." in text and "Phạm Chủ Tịch" not in text


async def test_after_publishing_the_conclusion_offers_the_results_notice_and_loudspeaker_text(db):
    people, session_id = await published(db)
    chair = people["chair"]
    chair.deps.qr = qr_png
    await chair.send(f"/conclude {session_id}")
    await chair.press("Notice to post (PDF)")
    text, codes, size = read_pdf(attachment(chair).content)
    flat = " ".join(text.split())
    assert size == A4_POINTS and codes == ["https://t.me/doithoai_test_bot"]  # no portal address configured
    for words in ("THÔNG BÁO KẾT QUẢ", "số 01/TB-UBND",
                  "UBND xã tiếp thu các ý kiến, giao các bộ phận trả lời đúng hạn.",
                  "Hội nghị đã nhận 2 ý kiến, kiến nghị: 1 ý kiến đã được trả lời tại Hội nghị, 1 ý kiến được giao "
                  "trả lời bằng văn bản"):
        assert words in flat, (words, flat)
    assert "Nguyễn Văn An" not in flat and "Trần Thị Bình" not in flat

    chair.deps.public_url = "https://doithoai.thientan.gov.vn/"
    await chair.send(f"/notice {session_id}")  # published: the command gives the results notice
    assert read_pdf(attachment(chair).content)[1][1] == "https://doithoai.thientan.gov.vn/ket-qua/25252"

    await chair.send(f"/conclude {session_id}")
    said = await chair.press("Loudspeaker text")
    spoken(said.split("\n", 1)[1])
    assert "đã ban hành Thông báo kết luận số 1." in said and "Ủy ban nhân dân xã tiếp thu các ý kiến" in said
    assert "Nguyễn Văn An" not in said and "TT-0001" not in said


async def test_bad_requests_for_notices_are_refused_politely_and_only_staff_of_the_commune_get_them(db):
    people, session_id = await an_announced_session(db)
    secretary, resident = people["secretary"], people["an"]
    assert "only for commune staff" in await resident.send(f"/loa {session_id}")
    assert "Please give the session number" in await secretary.send("/notice abc")
    assert "not found" in await secretary.send("/notice 999999")
    not_published = await secretary.press_data(f"pb:pdf:res:{session_id}")
    assert "not published yet" in not_published
    assert all(r.attachment is None for r in secretary.outcomes[-1].replies)
    await add_commune(db, code="11111", name="Bình Minh", villages=("Thôn Một",))
    link = await invite_staff(db, "11111", "chair", None, None, "doithoai_test_bot")
    outsider = Chat(secretary.deps, "8101")
    await outsider.send("/start " + link.rsplit("start=", 1)[1])
    await agree_to_notice(outsider)
    await outsider.send("Đỗ Chủ Tịch Khác")
    assert "not found" in await outsider.send(f"/loa {session_id}")  # the chair of another commune
    draft = await add_session(db, await _commune_id(db, "25252"), state="draft")
    assert "not been announced" in await secretary.send(f"/notice {draft}")


async def _commune_id(db, code: str) -> int:
    async with db.unit_of_work() as uow:
        return (await uow.repo.commune_by_code(code)).id


# --- the public results page ----------------------------------------------------------------------------------------
async def fetch(server: TestServer, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, Any]:
    async with aiohttp.ClientSession() as http:
        async with http.get(server.make_url(path), headers=headers or {}) as response:
            return response.status, await response.text(), response.headers.copy()


async def a_published_commune_and_others(db) -> dict:
    """The published session of 25252 with a phone number and markup in a question, a complaint among its questions,
    an unpublished session with a question in the same commune, and another commune's published session."""
    people, session_id = await published(db)
    async with db.unit_of_work() as uow:
        await uow.session.execute(update(Question).where(Question.code == "TT-0002").values(
            text="Hồ sơ cấp sổ đỏ <script>alert(1)</script> nộp 3 tháng chưa có, gọi tôi 0912 345 678."))
        await uow.commit()
    later = await open_session(db, NOW + timedelta(days=30))
    await ask_in(people["an"], later, "Câu hỏi của hội nghị chưa diễn ra.")
    async with db.unit_of_work() as uow:
        first = await uow.session.get(Question, 1)
        complaint = await uow.repo.create_question(
            commune_id=first.commune_id, asker_id=first.asker_id, village_id=first.village_id, session_id=session_id,
            topic="land", text="Tôi khiếu nại quyết định thu hồi đất số 12.", actor_id=first.asker_id)
        complaint.kind, complaint.state = "complaint", "assigned"
        other = await uow.repo.add_commune("11111", "Bình Minh", ["Thôn Một"], [])
        row = await uow.repo.save_session(None, None, commune_id=other.id, title="x", state="concluded",
                                          starts_at=NOW, venue="Nhà văn hóa Bình Minh")
        await uow.repo.save_conclusion(row.id, text="Kết luận riêng của xã Bình Minh.", published_at=NOW,
                                       notice_no=7, minutes_no=7)
        await uow.commit()
    return people


async def test_the_results_page_shows_published_answers_and_nothing_personal_unpublished_or_of_another_commune(db):
    await a_published_commune_and_others(db)
    async with TestServer(build_web_app(db, {})) as server:  # polling mode: no webhook route, the pages are there
        status, page, headers = await fetch(server, "/ket-qua/25252")
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert "max-age" in headers["Cache-Control"] and headers["ETag"]
        for shown in ("Kết quả hội nghị đối thoại — Ủy ban nhân dân xã Thiện Tân", "01/TB-UBND",
                      "UBND xã tiếp thu các ý kiến, giao các bộ phận trả lời đúng hạn.", "Đường thôn Lân Luông bị hỏng",
                      "Xã sẽ sửa đường trong tháng 12/2026 bằng nguồn vốn nông thôn mới.", "Phòng Kinh tế",
                      "Hạn trả lời", "&lt;script&gt;alert(1)&lt;/script&gt;", '<html lang="vi">'):
            assert shown in page, shown
        for hidden in ("<script>", "0912", "345 678", "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường",
                       "khiếu nại", "chưa diễn ra", "Bình Minh"):
            assert hidden not in page, hidden
        assert (await fetch(server, "/ket-qua/25252", {"If-None-Match": headers["ETag"]}))[0] == 304

        status, other, _ = await fetch(server, "/ket-qua/11111")
        assert status == 200 and "Kết luận riêng của xã Bình Minh." in other and "Lân Luông" not in other

        status, body, headers = await fetch(server, "/ket-qua/25252.json")
        feed = json.loads(body)
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        assert feed["commune_code"] == "25252" and len(feed["sessions"]) == 1
        questions = feed["sessions"][0]["questions"]
        assert [q["code"] for q in questions] == ["TT-0001", "TT-0002"]
        assert questions[0]["answer"].startswith("Xã sẽ sửa đường") and "0912" not in body and "Nguyễn" not in body

        status, body, headers = await fetch(server, "/ket-qua/25252.rss")
        rss = ElementTree.fromstring(body)
        assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
        assert rss.tag == "rss" and rss.get("version") == "2.0"
        items = rss.findall("./channel/item")
        assert len(items) == 1 and "01/TB-UBND" in items[0].findtext("description")
        assert items[0].findtext("link").endswith("/ket-qua/25252#hoi-nghi-" + str(feed["sessions"][0]["id"]))

        for wrong in ("/ket-qua/99999", "/ket-qua/abc", "/ket-qua/2525", "/ket-qua/25252.xml"):
            status, page, _ = await fetch(server, wrong)
            assert status == 404 and "Không tìm thấy" in page, wrong


async def test_the_demo_commune_has_a_published_session_on_its_results_page(db):
    await load_demo_data(db)
    async with TestServer(build_web_app(db, {})) as server:
        status, page, _ = await fetch(server, f"/ket-qua/{COMMUNE_CODE}")
    assert status == 200 and "12/TB-UBND" in page and "thay toàn bộ đèn hỏng" in page
    assert "Nguyễn Văn An" not in page and "0912345678" not in page
    assert "trợ cấp người cao tuổi" not in page  # a question of the announced session, not yet published


async def test_announcing_offers_the_notice_and_the_village_head_reads_the_loudspeaker_text_from_the_card(db):
    deps, people = await community(db)
    deps.qr = qr_png
    secretary, head = people["secretary"], people["head"]
    await secretary.send("/newsession")
    for step in ("Periodic", "General", "Online", "All villages", "Until ", "Done", "Announce"):
        if step == "Online":
            await secretary.send((NOW + timedelta(days=14)).strftime("%d/%m/%Y") + " 08:00")
        await secretary.press(step)
    await secretary.press("Confirm and announce")
    assert secretary.labels() == ["🖨 Notice to post (PDF)", "📢 Loudspeaker text"]
    said = await head.press("Loudspeaker text")  # on the announcement card the village head was sent
    spoken(said.split("\n", 1)[1])
    assert "Địa điểm: trực tuyến, qua Trợ lý đối thoại." in said and "ngày 7 tháng 12 năm 2026" in said


def test_a_wards_loudspeaker_text_speaks_of_residential_groups_and_typed_dates_and_links_are_made_speakable():
    ward = SessionFacts(
        committee="Ủy ban nhân dân phường Đông Kinh", title="Hội nghị đối thoại định kỳ giữa Chủ tịch UBND phường với "
        "Nhân dân", starts_at=NOW, when="", place="Hội trường UBND phường", villages="Nhân dân tất cả các tổ dân phố",
        chair="Chủ tịch UBND phường Đông Kinh", co_organisers="", until="hết ngày 20/11/2026", bot="@b",
        bot_link="https://t.me/b", ask_link="https://t.me/b?start=ask-1-0", today=NOW.date(), kind="phuong")
    said = announcement_speech(ward)
    spoken(said)
    assert "tổ trưởng tổ dân phố" in said and "trưởng thôn" not in said
    assert "lúc 10 giờ 00, thứ Hai, ngày 23 tháng 11 năm 2026" in said
    assert speakable("Họp lại 15/12/2026 lúc 08:30 📣 xem https://x.vn/a hoặc @bot") == \
        "Họp lại ngày 15 tháng 12 năm 2026 lúc 8 giờ 30 xem hoặc"
