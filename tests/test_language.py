"""How the assistant speaks: one shared formatter gives a time its weekday where a resident reads it, the assistant
names itself one way ("Trợ lý") in Vietnamese, delivery figures are not "Tiếp cận", and a commune's offices carry
their names after the 2025 reform (a ward's economic office its own)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from babel.messages.pofile import read_po

from handlers.commune.topics import DEFAULT_DEPARTMENTS, default_departments
from handlers.conversation.i18n import LOCALES_DIR, translator
from tests.cli_support import doithoai
from tests.fixtures import NOW, add_commune, add_session, make_deps, residents

THURSDAY_MORNING = datetime(2027, 1, 28, 1, 0, tzinfo=timezone.utc)  # 08:00 in Vietnam


def vietnamese() -> list[tuple[str, str]]:
    with open(LOCALES_DIR / "vi" / "LC_MESSAGES" / "messages.po", "rb") as po:
        return [(m.id if isinstance(m.id, str) else m.id[0], m.string if isinstance(m.string, str) else m.string[0])
                for m in read_po(po) if m.id]


def test_a_time_a_resident_reads_has_its_weekday_in_vietnamese_and_in_english():
    assert translator("vi").moment(THURSDAY_MORNING) == "08 giờ 00, thứ Năm, ngày 28/01/2027"
    assert translator("en").moment(THURSDAY_MORNING) == "08:00, Thursday, 28/01/2027"
    assert translator("vi").day(THURSDAY_MORNING + timedelta(days=3)) == "Chủ nhật, ngày 31/01/2027"
    assert translator("vi").moment(datetime(2027, 1, 27, 20, 30, tzinfo=timezone.utc)).startswith("03 giờ 30, thứ Năm")


async def test_a_residents_list_of_sessions_gives_the_weekday(db):
    commune_id = await add_commune(db)
    await add_session(db, commune_id, days=10)
    deps = await make_deps(db)
    (an,) = await residents(deps, "Nguyễn Văn An", language="vi")
    shown = await an.send("/sessions")
    starts = NOW + timedelta(days=10)
    assert translator("vi").moment(starts) in shown and " giờ " in shown and "ngày " in shown


def test_the_assistant_names_itself_trợ_lý_and_never_bot_or_hệ_thống_in_vietnamese():
    for msgid, text in vietnamese():
        words = re.sub(r"\{[^}]*\}", "", text)  # placeholders such as {bot} are not words
        assert not re.search(r"\bbot\b|hệ thống|tiếp cận", words, re.IGNORECASE), (msgid, text)
        assert "trợ lý" not in words, (msgid, text)  # "Trợ lý", its name
    texts = dict(vietnamese())
    assert texts["📊 Reach"] == "📊 Kết quả gửi thông báo"


def test_a_communes_offices_are_the_post_reform_ones_and_a_ward_has_its_own_economic_office():
    names = [name for _, name in DEFAULT_DEPARTMENTS]
    assert names[:4] == ["Văn phòng HĐND và UBND", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội",
                         "Trung tâm phục vụ hành chính công"]
    ward = dict(default_departments("phuong"))
    assert ward["kinh-te"] == "Phòng Kinh tế, Hạ tầng và Đô thị" and ward["cong-an"] == "Công an phường"
    for gone in ("Địa chính", "Tư pháp", "Xây dựng - Môi trường", "HĐND-UBND"):
        assert not any(gone in name for name in names + list(ward.values())), gone


async def test_a_ward_added_by_its_code_gets_the_wards_office_names(db, database_url, capsys):
    code, _, _ = await doithoai(capsys, database_url, "commune", "add", "--code", "00004", "--type", "phuong",
                                "--village", "Tổ dân phố 1")
    assert code == 0
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("00004")
        names = [d.name for d in await uow.repo.departments(commune.id)]
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" in names and "Văn phòng HĐND và UBND" in names
