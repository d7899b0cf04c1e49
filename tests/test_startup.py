"""A lean start: the start-up path loads no report, document, chart or migration library; they come when used."""
from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.admin import add_commune
from bot.zalo.bot_api import ZaloBotClient
from bot.zalo.bot_channel import ZaloBotChannel
from fakes.zalo import FakeZaloBot
from handlers.conversation.replies import Activity
from storage import migrate
from tests.conftest import _admin, with_database
from tests.fixtures import a_session_with_two_questions, converse, open_question, open_session, record_the_end
from tests.telegram_harness import TOKEN, resident_registers, running_bot, staff_joins

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "openpyxl", "docx", "alembic")  # reports, documents, charts, migrations
WHEN_USED = ("qrcode", "PIL", "holidays", "rapidfuzz")  # announcements' QR codes; a due date outside 2020–2040
# (vietnam_days.py has those years); the first new question compared with earlier ones
REPLACED = ("pydantic", "pydantic_settings", "httpcore")  # settings: bot/env.py; HTTP: aiohttp only (no PTB httpx)
# What `doithoai run` and `doithoai deliver` import before serving (main calls bot.cli.load_start_up).
START_UP = {
    "run": "import bot.cli; bot.cli.load_start_up('run')",
    "deliver": "import bot.cli; bot.cli.load_start_up('deliver')",
    "dispatcher": "import handlers.dispatch",
}


def python(code: str) -> str:
    """What code prints in a fresh interpreter."""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def loaded_after(code: str) -> set[str]:
    """Top-level packages in sys.modules after running code in a fresh interpreter."""
    return set(python(code + "\nimport sys\nprint(' '.join({name.split('.')[0] for name in sys.modules}))").split())


@pytest.mark.parametrize("code", START_UP.values(), ids=START_UP.keys())
def test_starting_the_bot_loads_no_report_document_chart_or_migration_library(code):
    assert loaded_after(code) & set(HEAVY + WHEN_USED + REPLACED) == set()


def test_the_start_up_imports_run_without_garbage_collections_and_the_collector_is_on_again_after():
    printed = python("import gc\ncollections = []\ngc.callbacks.append(lambda phase, info: collections.append(phase))\n"
                     "import bot.cli\nbefore = len(collections)\nbot.cli.load_start_up('run')\n"
                     "print(len(collections) - before, gc.isenabled())")
    assert printed.split() == ["0", "True"]


def test_the_delivery_worker_loads_neither_the_dispatcher_nor_the_route_tables_nor_the_web_server():
    modules = set(python(START_UP["deliver"] + "\nimport sys\nprint(' '.join(sys.modules))").split())
    assert {"handlers.dispatch", "bot.app", "bot.web", "aiohttp.web"} & modules == set()
    features = {name for name in modules if name.startswith("handlers.") and not name.startswith("handlers.conv")}
    assert {name for name in features if name.endswith(".routes")} == set()  # no feature's route table


AT_START = ("routes", "rules", "views", "buttons", "states")  # what start-up may load of a feature folder


def feature_handlers_after(code: str) -> list[str]:
    """The feature modules loaded after code, beside the kernel, the route tables and the pure modules (and the
    commune's shared modules that no route names as its handler)."""
    from handlers.conversation.routes import Later
    from handlers.dispatch import ROUTES

    named = {r.handler.module for r in ROUTES.commands + ROUTES.buttons + ROUTES.texts + ROUTES.events
             if isinstance(r.handler, Later)} | {h.module for h in ROUTES.handovers.values() if isinstance(h, Later)}
    loaded = python(code + "\nimport sys\nprint(' '.join(sys.modules))").split()
    return sorted(name for name in loaded if name.startswith("handlers.") and name.count(".") >= 2
                  and not name.startswith("handlers.conversation.") and name.rsplit(".", 1)[-1] not in AT_START
                  and not name.endswith("_rules") and (name in named or not name.startswith("handlers.commune.")))


@pytest.mark.parametrize("code", START_UP.values(), ids=START_UP.keys())
def test_starting_the_bot_loads_no_feature_handler_module_until_it_is_used(code):
    assert feature_handlers_after(code) == []


def test_a_command_loads_its_handler_module_when_it_is_first_used():
    code = ("from handlers.dispatch import ROUTES\n"
            "assert 'handlers.questions.asking' not in __import__('sys').modules\n"
            "ROUTES.command('ask').handler.resolve()")
    assert "handlers.questions.asking" in feature_handlers_after(code)


def test_making_a_report_loads_the_libraries_it_needs():
    code = ("from datetime import date\nfrom handlers.conclusions.session_report import Row, chart, workbook\n"
            "rows = [Row('TT-0001', 'Thôn A', 'Đất đai', 'Mới', '', None, None, None)]\n"
            "assert chart('t', rows).startswith(b'\\x89PNG') and workbook('t', rows, date(2026, 1, 1), False)")
    assert {"matplotlib", "openpyxl"} <= loaded_after(code)


def test_the_migration_heads_read_from_the_files_are_alembics():
    from alembic.script import ScriptDirectory

    assert migrate.head_revisions() == set(ScriptDirectory.from_config(migrate.alembic_config("")).get_heads())


async def test_a_database_at_head_starts_without_alembic_and_one_behind_is_upgraded(server_url):
    name = f"doithoai_lean_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    try:
        assert await migrate.current_revisions(url) == set()
        await migrate.async_upgrade(url)
        heads = await migrate.current_revisions(url)
        assert heads == migrate.head_revisions()
        code = f"import asyncio\nfrom storage import migrate\nasyncio.run(migrate.async_upgrade({url!r}))"
        assert "alembic" not in loaded_after(code)
        await migrate.async_downgrade(url, "-1")
        assert await migrate.current_revisions(url) != heads
        await migrate.async_upgrade(url)
        assert await migrate.current_revisions(url) == heads
    finally:
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_staff_see_sending_a_file_before_the_report_arrives_and_residents_are_refused_without_it(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông", "Thôn Bến Đá"])
    session_id = await open_session(db, datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc))
    async with running_bot(db) as (phone, app):
        secretary, resident = phone.person(7101, "Thư"), phone.person(7102, "An")
        await staff_joins(phone, db, secretary)
        await resident_registers(phone, resident)
        before = len(phone.fake.sent(TOKEN, secretary))
        await phone.say(secretary, f"/report {session_id}", expect=2)
        assert [m.kind for m in phone.fake.sent(TOKEN, secretary)[before:]] == ["photo", "document"]
        assert phone.fake.chat_actions == [{"token": TOKEN, "chat_id": secretary, "action": "upload_document",
                                            "messages_before": before}]
        assert "only for commune staff" in await phone.say(resident, f"/report {session_id}")
        assert [a["chat_id"] for a in phone.fake.chat_actions] == [secretary]


async def test_publishing_a_conclusion_shows_the_chair_sending_a_file_only_when_documents_are_made(db):
    people, session_id, road, land = await a_session_with_two_questions(db)
    secretary, chair = people["secretary"], people["chair"]
    shown = []

    async def show(chat_id: str, activity: Activity) -> None:
        shown.append((chat_id, activity))

    chair.deps.activities.update({key: show for key in chair.deps.bots})
    await secretary.send(f"/conclude {session_id}")
    await secretary.press("Write the conclusion")
    await secretary.send("UBND xã tiếp thu các ý kiến, giao các bộ phận trả lời đúng hạn.")
    await chair.send(f"/conclude {session_id}")
    await chair.press("Approve (chair)")
    await record_the_end(secretary, session_id)
    await chair.send(f"/conclude {session_id}")
    assert "no outcome yet" in await chair.press("Publish")
    assert shown == []
    await open_question(secretary, road)
    await secretary.press("Answer")
    await secretary.send("Xã sẽ sửa đường trong tháng 12/2026 bằng nguồn vốn nông thôn mới.")
    await open_question(secretary, land)
    await secretary.press("Assign")
    await secretary.press("Phòng Kinh tế")
    await converse(chair, [("[Publish]", "register"), ("01", "minutes")])
    assert shown == []
    await chair.send("01")
    assert shown == [(chair.user_id, Activity.UPLOAD_DOCUMENT)]
    assert [r.attachment.file_name.split(".")[-1] for r in chair.outcomes[-1].replies if r.attachment] == ["docx"] * 2


async def test_a_zalo_chat_is_shown_typing_whatever_the_activity():
    fake = FakeZaloBot()
    await fake.start()
    token = "1234567890:lean-zalo-token"
    fake.add_bot(token, "Đối thoại xã")
    client = ZaloBotClient(token, fake.url)
    try:
        fake.inject_text(token, "u-1", "xin chào")  # a chat the bot may write to
        channel = ZaloBotChannel(client, None, "1234567890", None)  # no conversation or replies: only the action
        await channel.show_activity("u-1", Activity.UPLOAD_DOCUMENT)
        await channel.show_activity("nobody", Activity.UPLOAD_DOCUMENT)
        assert fake.bots[token].actions == [("u-1", "typing")]  # an unknown chat is logged, not raised
    finally:
        await client.close()
        await fake.stop()


def test_working_days_in_the_written_years_load_no_holidays_package_and_other_years_only_vietnam():
    printed = python("import sys\nfrom datetime import date\nfrom handlers.commune.workdays import calendar_of\n"
                     "print(calendar_of({}).is_working_day(date(2026, 11, 24)))\n"
                     "print(len([name for name in sys.modules if name.startswith('holidays')]))\n"
                     "print(calendar_of({}).is_working_day(date(2045, 9, 4)))\n"
                     "print(len([name for name in sys.modules if name.startswith('holidays.countries')]))")
    assert printed.split() == ["False", "0", "False", "0"]  # 24/11/2026 and 4/9/2045 are days off; 2045 is read
    # from the package, which loads Vietnam alone, none of the other countries


def test_the_written_days_are_holidays_own_vietnam_day_by_day():
    import holidays

    from handlers.commune import vietnam_days
    from handlers.commune.workdays import WorkCalendar

    usual, written, day = holidays.country_holidays("VN"), WorkCalendar(), date(vietnam_days.FIRST_YEAR - 1, 1, 1)
    assert vietnam_days.HOLIDAYS_VERSION == holidays.__version__, "run scripts/vietnam-days after upgrading holidays"
    while day.year <= vietnam_days.LAST_YEAR + 1:  # a year either side: read from the package
        assert (written.is_working_day(day), written.holiday_name(day)) == (usual.is_working_day(day),
                                                                            usual.get(day) or ""), day
        day += timedelta(days=1)


def test_the_calendar_loaded_alone_is_holidays_own_vietnam_day_by_day():
    import holidays

    from handlers.commune.workdays import vietnam_from_package

    usual, alone, day = holidays.country_holidays("VN"), vietnam_from_package(), date(2020, 1, 1)
    assert not isinstance(alone, type(usual))  # so this compares the one loaded alone with the usual one
    while day.year < 2036:
        assert (alone.is_working_day(day), alone.get(day)) == (usual.is_working_day(day), usual.get(day)), day
        day += timedelta(days=1)


def test_a_compiled_catalog_is_read_while_current_and_an_edited_po_wins(tmp_path, monkeypatch):
    import os
    import shutil

    from handlers.conversation import i18n

    shutil.copytree(i18n.LOCALES_DIR, tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path / "locales")
    po = tmp_path / "locales" / "vi" / "LC_MESSAGES" / "messages.po"
    try:
        i18n._catalog.cache_clear()
        in_memory = i18n.translator("vi")("Ask a question")
        assert [path.name for path in i18n.write_compiled()] == ["messages.mo", "messages.mo"]
        i18n._catalog.cache_clear()
        assert isinstance(i18n._catalog("vi"), i18n.gettext.GNUTranslations)
        assert i18n.translator("vi")("Ask a question") == in_memory == "Gửi câu hỏi"
        po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Gửi câu hỏi"', 'msgstr "Hỏi"'), encoding="utf-8")
        later = po.with_suffix(".mo").stat().st_mtime + 10
        os.utime(po, (later, later))  # edited after the .mo was made: the .po is read
        i18n._catalog.cache_clear()
        assert i18n.translator("vi")("Ask a question") == "Hỏi"
    finally:
        i18n._catalog.cache_clear()
