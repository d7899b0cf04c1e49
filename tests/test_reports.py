"""Issue 14, reports and plans: the BÁO CÁO kết quả of a session, the year's KẾ HOẠCH and written answers as
numbered official letters — read back with python-docx, as drafts (DỰ THẢO) and as issued, and as sent."""
from __future__ import annotations

import base64
import io
from docx import Document
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from handlers.conclusions.official_docs import BLANK
from storage.models import Commune, CommunePolicy, Delivery, DialogueSession, OfficialDocument, Question
from tests.fixtures import NOW, add_session, ask, community, converse, published, staff


def attachments(chat) -> dict[str, bytes]:
    return {r.attachment.file_name: r.attachment.content for r in chat.outcomes[-1].replies if r.attachment}


def texts(content: bytes) -> list[str]:
    doc = Document(io.BytesIO(content))
    cells = ["\n".join(p.text for p in cell.paragraphs) for table in doc.tables for cell in table.rows[0].cells]
    return [p.text for p in doc.paragraphs] + cells


async def sent_files(db, kind: str) -> dict[str, bytes]:
    """chat id → the file each queued message of this kind carries."""
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery).where(Delivery.kind == kind))).all()
    return {r.chat_id: base64.b64decode(r.payload["document"]["file_base64"]) for r in rows}


async def set_policy(db, key: str, value: str) -> None:
    async with db.unit_of_work() as uow:
        commune_id = await uow.session.scalar(select(Commune.id))
        await uow.session.execute(insert(CommunePolicy).values(commune_id=commune_id, key=key, value=value)
                                  .on_conflict_do_update(index_elements=["commune_id", "key"], set_={"value": value}))
        await uow.commit()


async def test_the_results_report_is_drafted_approved_numbered_and_sent_to_the_council_and_the_party(db):
    people, session_id = await published(db)
    secretary, chair = people["secretary"], people["chair"]
    await staff(db, secretary.deps, "8010", "council", "Vũ Hội Đồng")
    await staff(db, secretary.deps, "8011", "party", "Đỗ Bí Thư")
    async with db.unit_of_work() as uow:
        await uow.session.execute(update(Commune).values(province_name="Lạng Sơn"))
        await uow.session.execute(update(DialogueSession).values(attendance=120))
        await uow.commit()
    await converse(secretary, [(f"/results {session_id}", "waiting for the chair's approval"),
                               ("[Type the proposals]", "proposals"),
                               ("Đề nghị Sở Nội vụ tổ chức tập huấn kỹ năng đối thoại cho cán bộ xã.", "Saved"),
                               ("[Draft document]", "DỰ THẢO")])
    draft = texts(attachments(secretary)[f"du-thao-bao-cao-ket-qua-{session_id}.docx"])
    assert draft[0] == "DỰ THẢO" and any(f"Số: {BLANK}/BC-UBND" in line for line in draft)
    at = draft.index("BÁO CÁO")
    assert draft[at + 1] == ("Kết quả hội nghị đối thoại định kỳ giữa Chủ tịch UBND xã với Nhân dân ngày "
                             "23/11/2026")
    assert draft[at + 2: at + 6] == ["Kính gửi:", "- Sở Nội vụ tỉnh Lạng Sơn;", "- Đảng ủy xã Thiện Tân;",
                                     "- Hội đồng nhân dân xã Thiện Tân."]
    body = "\n".join(draft)
    assert "Số người tham dự: 120." in body and "Chủ trì: Phạm Chủ Tịch. Thư ký: Lê Thư Ký." in body
    assert "Tổng số ý kiến, kiến nghị nhận được: 2." in body and "Đất đai: 1" in body
    assert "Theo thôn: Thôn Bến Đá: 1; Thôn Lân Luông: 1." in body
    assert "trả lời trực tiếp tại Hội nghị: 1; giao trả lời bằng văn bản: 1; chuyển cơ quan có thẩm quyền: 0" in body
    assert "Thông báo kết luận số 01/TB-UBND ngày 23/11/2026:" in body and "UBND xã tiếp thu các ý kiến" in body
    assert "đã trả lời: 0 (đúng hạn: 0, quá hạn: 0); chưa trả lời: 1 (quá hạn: 0)." in body
    assert "TT-0002 (Đất đai) – Phòng Kinh tế, hạn 08/12/2026: chưa trả lời, trong hạn." in body
    assert "Đề nghị Sở Nội vụ tổ chức tập huấn kỹ năng đối thoại cho cán bộ xã." in body
    assert "Nguyễn Văn An" not in body and "Trần Thị Bình" not in body  # counts, never askers

    await secretary.send(f"/results {session_id}")
    approve = secretary.button("Approve")
    assert "Only the chairperson approves" in await secretary.press_data(approve)
    assert "Approved; the clerk enters the number" in await chair.press_data(approve)
    await secretary.send(f"/results {session_id}")
    await converse(secretary, [("[Enter the number and issue]", "register"), ("số bảy", "only the number"),
                               ("07", "Issued as No. 07/BC-UBND and sent (4 recipients)")])
    issued = attachments(secretary)[f"bao-cao-ket-qua-{session_id}.docx"]
    final = texts(issued)
    assert "DỰ THẢO" not in final and any("Số: 07/BC-UBND" in line for line in final)
    assert final[-1].startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH") and final[-1].rstrip().endswith("Phạm Chủ Tịch")
    assert await sent_files(db, "paper.bc") == {"8010": issued, "8011": issued, "8001": issued, "8002": issued}
    see = secretary.button("Document")
    assert "not found" in await people["an"].press_data(see.replace("see", "get"))
    assert "already issued" in await chair.press_data(see.replace("see", "ok"))


async def test_the_plan_lists_the_years_sessions_and_flags_a_year_without_its_periodic_session(db):
    deps, people = await community(db)
    chair = people["chair"]
    async with db.unit_of_work() as uow:
        commune_id = await uow.session.scalar(select(Commune.id))
    await add_session(db, commune_id, state="draft", days=200, title="Đối thoại giữa năm 2027")  # 11/06/2027
    youth = await add_session(db, commune_id, state="draft", days=230, title="Đối thoại với thanh niên")
    async with db.unit_of_work() as uow:  # seed 001: the Party secretary chairs a session for a group
        row = await uow.repo.get_session(youth)
        row.chaired_by, row.audience, row.kind = "party_secretary", "youth", "extraordinary"
        await uow.commit()
    await set_policy(db, "session.lead_days_min", "10")
    card = await chair.send("/plan 2027")
    assert "Periodic sessions planned for 2027: 1, of which announced or held: 0" in card and "⚠️" not in card
    await chair.press("Draft document")
    body = "\n".join(texts(attachments(chair)["du-thao-ke-hoach-2027.docx"]))
    assert "KẾ HOẠCH\nHội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2027" in body
    assert "- Hội nghị đối thoại định kỳ: ngày 11/06/2027, tại Hội trường xã; nội dung: Đối thoại giữa năm 2027; " \
           "phạm vi: toàn xã; chủ trì: Chủ tịch UBND xã Phạm Chủ Tịch." in body
    assert "nội dung: Đối thoại với thanh niên; phạm vi: toàn xã; chủ trì: Bí thư Đảng ủy xã." in body
    assert "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Điều 32" in body
    assert "trước ít nhất 10 ngày" in body and "trong 10 ngày làm việc kể từ khi có thông báo kết luận" in body
    assert "sẽ có thông báo sau" not in body and "Phòng Kinh tế" in body and "Ủy ban MTTQ Việt Nam xã" in body

    card = await chair.send("/plan 2028")
    assert "Periodic sessions planned for 2028: 0" in card and "2028 does not have its periodic session planned" in card
    await chair.press("Draft document")
    body = "\n".join(texts(attachments(chair)["du-thao-ke-hoach-2028.docx"]))
    assert "- Hội nghị đối thoại định kỳ: thời gian, địa điểm cụ thể sẽ có thông báo sau." in body
    assert "Đối thoại giữa năm 2027" not in body
    await converse(chair, [("[Approve]", "Approved"), ("[Enter the number and issue]", "register"),
                           ("03", "Issued as No. 03/KH-UBND")])
    assert any("Số: 03/KH-UBND" in line for line in texts(attachments(chair)["ke-hoach-2028.docx"]))
    await chair.send("/plan 2027")  # the register's numbers run per kind and year: 03 is taken
    await converse(chair, [("[Approve]", "Approved"), ("[Enter the number and issue]", "register"),
                           ("03", "already on another document"), ("04", "Issued as No. 04/KH-UBND")])
    assert "Please give a year" in await chair.send("/plan năm sau")
    assert "only the chairperson or the secretary" in await people["officer"].send("/plan 2027")


async def test_a_written_answer_is_a_numbered_letter_sent_to_the_asker_and_shown_in_mytickets(db):
    deps, people = await community(db)
    an, officer, secretary, chair = people["an"], people["officer"], people["secretary"], people["chair"]
    await set_policy(db, "answer.written_document", "1")
    await ask(an, "Hồ sơ cấp sổ đỏ của tôi nộp 3 tháng chưa có kết quả.", topic="land")
    await converse(secretary, [("/q TT-0001", "TT-0001"), ("[Assign]", "which department"), ("[Phòng Kinh tế]", "")])
    await converse(officer, [("/q TT-0001", "TT-0001"), ("[Answer]", "Type the answer"),
                             ("Hồ sơ của Ông/Bà đã được chuyển Chi nhánh Văn phòng đăng ký đất đai ngày 20/11/2026.",
                              "Saved as a draft letter answering TT-0001 (DỰ THẢO)")])
    async with db.unit_of_work() as uow:
        question = await uow.session.scalar(select(Question))
    assert question.state == "assigned" and question.answer is None  # the follow-up clock runs until it is sent
    assert "TT-0001" in await officer.send("/due")
    assert "waits for your approval" in (await sent_texts(db, "paper.draft", "8001"))[0]

    await chair.press("Open the letter")
    await chair.press("Draft document")
    draft = texts(attachments(chair)[f"du-thao-van-ban-tra-loi-{question.id}.docx"])
    body = "\n".join(draft)
    assert draft[0] == "DỰ THẢO" and f"Số: {BLANK}/UBND\nV/v trả lời câu hỏi của công dân" in body
    assert "Kính gửi: Ông/Bà Nguyễn Văn An." in draft
    assert "“Hồ sơ cấp sổ đỏ của tôi nộp 3 tháng chưa có kết quả.”" in draft
    assert "Hồ sơ của Ông/Bà đã được chuyển Chi nhánh Văn phòng đăng ký đất đai ngày 20/11/2026." in draft
    await chair.press("Approve")
    await converse(secretary, [("/letter TT-0001", "Approved"), ("[Enter the number and issue]", "register"),
                               ("05", "Issued as No. 05/UBND and sent (1 recipients)")])
    letter = attachments(secretary)[f"van-ban-tra-loi-{question.id}.docx"]
    assert "DỰ THẢO" not in texts(letter) and any("Số: 05/UBND" in line for line in texts(letter))
    assert await sent_files(db, "paper.cv") == {"7001": letter}
    async with db.unit_of_work() as uow:
        question = await uow.session.scalar(select(Question))
    assert question.state == "answered" and question.done_at == NOW and question.answer.startswith("Hồ sơ của")
    assert "Nothing is due" in await officer.send("/due")

    listing = await an.send("/mytickets")
    assert "Written answer: letter No. 05/UBND of 23/11/2026." in listing
    get_letter = an.button("Letter for TT-0001")
    await an.press_data(get_letter)
    assert attachments(an) == {f"van-ban-tra-loi-{question.id}.docx": letter}
    assert "not found" in await people["bình"].press_data(get_letter)


async def sent_texts(db, kind: str, chat_id: str) -> list[str]:
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery).where(Delivery.kind == kind,
                                                                 Delivery.chat_id == chat_id))).all()
    return [r.payload["text"] for r in rows]


async def test_without_the_policy_a_written_answer_is_a_message_and_no_letter_is_made(db):
    deps, people = await community(db)
    await ask(people["an"], "Hồ sơ cấp sổ đỏ của tôi nộp 3 tháng chưa có kết quả.", topic="land")
    await converse(people["secretary"], [("/q TT-0001", ""), ("[Assign]", ""), ("[Phòng Kinh tế]", "")])
    await converse(people["officer"], [("/q TT-0001", ""), ("[Answer]", "Type the answer"),
                                       ("Hồ sơ đã được chuyển.", "Saved. The asker of TT-0001 will be notified.")])
    async with db.unit_of_work() as uow:
        assert (await uow.session.scalar(select(Question))).state == "answered"
        assert (await uow.session.scalars(select(OfficialDocument))).all() == []
        assert (await uow.session.scalars(select(Delivery).where(Delivery.kind.like("paper.%")))).all() == []
    assert "letter" not in await people["an"].send("/mytickets")
    assert "has no written answer letter" in await people["secretary"].send("/letter TT-0001")


async def test_an_issued_document_reaches_a_telegram_chat_as_a_file_followed_by_its_message(db):
    from bot.outbox import OutboxWorker
    from fakes.telegram import FakeTelegram
    from tests.delivery_harness import TOKEN, setup

    content = b"PK\x03\x04 a .docx as issued"
    async with FakeTelegram() as fake:
        bot_id, bot, sender = await setup(db, fake, range(1, 2))
        async with db.unit_of_work() as uow:
            await uow.repo.enqueue_many([{"bot_id": bot_id, "channel": "telegram", "chat_id": "1", "kind": "paper.bc",
                                          "payload": {"text": "Đã ban hành báo cáo số 07/BC-UBND.",
                                                      "buttons": [[["📄 Nhận văn bản", "od:get:1"]]],
                                                      "document": {"file_base64": base64.b64encode(content).decode(),
                                                                   "filename": "bao-cao-ket-qua-3.docx"}}}])
            await uow.commit()
        await OutboxWorker(db, bot_id, sender).run_until_idle()
        file, message = fake.sent(TOKEN, 1)
        assert (file.kind, file.filename, file.file_bytes) == ("document", "bao-cao-ket-qua-3.docx", content)
        assert message.text == "Đã ban hành báo cáo số 07/BC-UBND." and message.reply_markup is not None
        await bot.shutdown()
