"""Staff invites on a deployment without Telegram: `doithoai staff invite` prints what works on each configured
channel, and the exact text it gives for Zalo makes a staffer on the Zalo Bot Platform and on an OA. The staff
and invite commands run as an operator runs them."""
from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

from sqlalchemy import select

from storage.models import StaffMember
from tests.fixtures import add_commune
from tests.zalo_harness import BOT_TOKEN, BotUser, OAUser, number_of, running_zalo

ROOT = Path(__file__).resolve().parent.parent


async def doithoai(database_url: str, tmp_path: Path, *args: str, **env: str) -> tuple[int, str, str]:
    """Run the `doithoai` command with only the given settings (no .env, no Telegram token)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    base.update(DATABASE_URL=database_url, LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT), **env)
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", *args, env=base, cwd=tmp_path,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await process.communicate()
    return process.returncode, stdout.decode(), stderr.decode()


def typed_text(printed: str) -> str:
    return re.search(r"(/start staff-\S+)", printed).group(1)


async def test_a_zalo_only_invite_prints_the_text_to_send_and_it_makes_staff_on_both_zalo_channels(
        db, database_url, tmp_path):
    await add_commune(db)
    texts = []
    for role in ("secretary", "chair"):
        code, out, err = await doithoai(database_url, tmp_path, "staff", "invite", "--commune", "25252", "--role",
                                        role, ZALO_BOT_TOKEN=BOT_TOKEN)
        assert code == 0, err
        assert "Zalo" in out and "t.me" not in out
        texts.append(typed_text(out))
    async with running_zalo(db) as (bot, oa, app):
        on_bot, on_oa = BotUser(bot, "zb-staff"), OAUser(oa, "oa-staff")
        for user, text in ((on_bot, texts[0]), (on_oa, texts[1])):
            consent = await user.say(text, expect=2)
            await user.say(number_of(consent, "Đồng ý"), expect=2)
            welcome = await user.say("Lê Văn Cán Bộ")
            assert "Thiện Tân" in welcome, welcome
            assert "Câu hỏi — " in await user.say("/queue")  # the staff queue opens
    async with db.unit_of_work() as uow:
        roles = sorted((await uow.session.scalars(select(StaffMember.role))).all())
    assert roles == ["chair", "secretary"]


async def test_with_telegram_and_zalo_both_ways_are_printed(db, database_url, tmp_path):
    await add_commune(db)
    code, out, err = await doithoai(database_url, tmp_path, "staff", "invite", "--commune", "25252", "--role",
                                    "officer", "--department", "kinh-te", "--bot-username", "xa_thien_tan_bot",
                                    ZALO_BOT_TOKEN=BOT_TOKEN)
    assert code == 0, err
    link = re.search(r"https://t\.me/xa_thien_tan_bot\?start=(staff-\S+)", out).group(1)
    assert typed_text(out) == "/start " + link


async def test_the_operator_lists_removes_and_revokes_from_the_command_line(db, database_url, tmp_path):
    await add_commune(db)
    code, out, _ = await doithoai(database_url, tmp_path, "staff", "invite", "--commune", "25252", "--role",
                                  "village_head")
    assert code == 1  # a village head needs a village
    await doithoai(database_url, tmp_path, "staff", "invite", "--commune", "25252", "--role", "admin")
    code, listing, _ = await doithoai(database_url, tmp_path, "invite", "list", "--commune", "25252")
    assert code == 0 and "admin" in listing and "open until" in listing
    invite = re.search(r"#(\d+)", listing).group(1)
    code, out, _ = await doithoai(database_url, tmp_path, "invite", "revoke", "--commune", "25252",
                                  "--invite", invite)
    assert code == 0 and "Revoked" in out
    code, _, err = await doithoai(database_url, tmp_path, "invite", "revoke", "--commune", "25252",
                                  "--invite", invite)
    assert code == 1 and "already revoked" in err
    code, out, _ = await doithoai(database_url, tmp_path, "staff", "list", "--commune", "25252")
    assert code == 0 and "Staff of 25252" in out
    code, _, err = await doithoai(database_url, tmp_path, "staff", "remove", "--commune", "25252", "--member", "999")
    assert code == 1 and "No staff member #999" in err
