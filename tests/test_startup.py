"""A lean start: the start-up path loads no report, document, chart or migration library; they come when used."""
from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from storage import migrate
from tests.conftest import _admin, with_database

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "openpyxl", "docx", "alembic")
# What `doithoai run` and `doithoai deliver` import before serving (bot.cli imports bot.app inside main).
START_UP = {
    "run/deliver": "import bot.cli, bot.app",
    "dispatcher": "import handlers.dispatch",
}


def loaded_after(code: str) -> set[str]:
    """Top-level packages in sys.modules after running code in a fresh interpreter."""
    probe = code + "\nimport sys\nprint(' '.join(sorted({name.split('.')[0] for name in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("code", START_UP.values(), ids=START_UP.keys())
def test_starting_the_bot_loads_no_report_document_chart_or_migration_library(code):
    assert loaded_after(code) & set(HEAVY) == set()


def test_making_a_report_loads_the_libraries_it_needs():
    code = ("from datetime import date\nfrom handlers.session_report import Row, chart, workbook\n"
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
