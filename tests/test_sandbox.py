"""The sandbox's API and demo data, over real HTTP against the real bot and the local Bot API server."""
from __future__ import annotations

import asyncio
import base64
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import aiohttp
from sqlalchemy import func, select

from bot.admin import add_commune
from bot.sandbox.demo import COMMUNE_CODE, load_demo_data
from bot.sandbox.personas import group_id
from bot.sandbox.web import STATIC
from storage.models import Question, StaffMember
from tests.sandbox_harness import sandbox_on

AN, HOA, SECRETARY, OFFICER = 910001, 910002, 910004, 910006


class Page:
    """The page's calls to the sandbox API."""

    def __init__(self, session: aiohttp.ClientSession, address: str) -> None:
        self.session, self.address = session, address

    async def get(self, path: str) -> tuple[int, dict]:
        async with self.session.get(self.address + path.lstrip("/")) as response:
            return response.status, await response.json()

    async def post(self, path: str, body: dict) -> tuple[int, dict]:
        async with self.session.post(self.address + path.lstrip("/"), json=body) as response:
            return response.status, await response.json()

    async def wait_for(self, persona: int, needle: str, chat: int | None = None) -> dict:
        """The chat once a bot message containing needle has arrived."""
        view = {}
        for _ in range(1500):  # up to ~30 s on a loaded machine; returns as soon as it arrives
            status, view = await self.get(f"/api/chat?persona={persona}&chat={chat or persona}")
            if any(m["from"] == "bot" and needle in m["text"] for m in view.get("messages", [])):
                return view
            await asyncio.sleep(0.02)
        raise AssertionError(f"{needle!r} never reached {persona}: {[m['text'] for m in view.get('messages', [])]}")

    async def button(self, persona: int, label: str) -> tuple[int, str]:
        _, view = await self.get(f"/api/chat?persona={persona}&chat={persona}")
        for message in reversed(view["messages"]):
            for row in message.get("buttons", []):
                for button in row:
                    if label in button["text"]:
                        return message["id"], button["data"]
        raise AssertionError(f"no button {label!r}")

    async def press(self, persona: int, label: str) -> None:
        message_id, data = await self.button(persona, label)
        status, _ = await self.post("/api/press", {"persona": persona, "chat": persona, "message_id": message_id,
                                                   "data": data})
        assert status == 200


async def test_demo_data_is_a_commune_with_joined_staff_an_announced_session_and_questions(db):
    assert "Loaded demo commune" in await load_demo_data(db)
    assert "already loaded" in await load_demo_data(db)
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code(COMMUNE_CODE)
        villages = await uow.repo.villages(commune.id)
        sessions = await uow.repo.open_sessions(commune.id, datetime.now(timezone.utc))
        roles = sorted((await uow.session.scalars(select(StaffMember.role))).all())
        questions = await uow.session.scalar(select(func.count()).select_from(Question)
                                             .where(Question.session_id == sessions[0].id))
    assert len(villages) == 3
    assert [s.state for s in sessions] == ["announced"]
    assert roles == ["chair", "council", "front", "officer", "party", "province", "secretary", "support",
                     "village_head"]
    assert questions == 3


async def test_the_sandbox_loads_demo_data_only_into_an_empty_database(db):
    await add_commune(db, "11111", "Xã Khác", ["Thôn Một"])
    async with sandbox_on(db) as address, aiohttp.ClientSession() as session:
        status, body = await Page(session, address).get("/api/personas?lang=vi")
    assert status == 200 and body["personas"] == []
    async with db.unit_of_work() as uow:
        assert await uow.repo.commune_by_code(COMMUNE_CODE) is None


async def test_demo_staff_are_already_joined_and_see_the_queue(db):
    async with sandbox_on(db) as address, aiohttp.ClientSession() as session:
        page = Page(session, address)
        _, body = await page.get("/api/personas?lang=vi")
        people = {p["name"]: p for p in body["personas"]}
        assert people["Lê Thị Thư"]["roles"] == ["Thư ký"]
        assert people["Nguyễn Văn An"]["village"] == "Thôn Lân Luông"
        await page.post("/api/send", {"persona": SECRETARY, "chat": SECRETARY, "text": "/queue"})
        view = await page.wait_for(SECRETARY, "chưa giải quyết: 3")
        assert "queue" in [c["command"] for c in view["commands"]]


async def test_a_staff_persona_created_on_the_page_joins_through_a_real_invite(db):
    async with sandbox_on(db) as address, aiohttp.ClientSession() as session:
        page = Page(session, address)
        status, created = await page.post("/api/personas", {"name": "Đỗ Văn Hải", "role": "officer",
                                                            "department": "kinh-te", "lang": "vi"})
        assert status == 200
        officer = created["id"]
        await page.wait_for(officer, "Ủy ban nhân dân")
        await page.press(officer, "Đồng ý")
        await page.wait_for(officer, "ra nước ngoài")  # Telegram: the transfer abroad is asked on its own
        await page.press(officer, "Đồng ý")
        await page.wait_for(officer, "họ và tên")
        await page.post("/api/send", {"persona": officer, "chat": officer, "text": "Đỗ Văn Hải"})
        await page.wait_for(officer, "Công chức chuyên môn")
        _, body = await page.get("/api/personas?lang=en")
        assert {"name": "Đỗ Văn Hải", "roles": ["Department officer"]}.items() <= \
            next(p for p in body["personas"] if p["id"] == officer).items()


async def test_village_groups_show_members_messages_and_are_closed_to_others(db):
    async with sandbox_on(db) as address, aiohttp.ClientSession() as session:
        page = Page(session, address)
        _, an_view = await page.get(f"/api/chat?persona={AN}&chat={AN}")
        group = next(c for c in an_view["chats"] if c["kind"] == "group")
        assert group["title"] == "Thôn Lân Luông"
        await page.post("/api/send", {"persona": AN, "chat": group["id"], "text": "Chào cả thôn"})
        _, secretary_view = await page.get(f"/api/chat?persona={SECRETARY}&chat={group['id']}")
        assert [(m["sender"], m["text"], m["from"]) for m in secretary_view["messages"]] == \
            [("Nguyễn Văn An", "Chào cả thôn", "other")]
        status, refusal = await page.get(f"/api/chat?persona={HOA}&chat={group['id']}")
        assert status == 400 and "not in chat" in refusal["error"]
        status, _ = await page.post("/api/send", {"persona": OFFICER, "chat": group_id(1), "text": "xin chào"})
        assert status == 400
        _, secretary_view = await page.get(f"/api/chat?persona={SECRETARY}&chat={group['id']}")
        assert len(secretary_view["messages"]) == 1


async def test_bad_requests_are_refused_with_a_reason_and_change_nothing(db):
    async with sandbox_on(db) as address, aiohttp.ClientSession() as session:
        page = Page(session, address)
        status, body = await page.get("/api/chat?persona=123&chat=123")
        assert status == 400 and "unknown persona" in body["error"]
        status, body = await page.post("/api/photo", {"persona": AN, "chat": AN,
                                                      "photo_base64": base64.b64encode(b"not a picture").decode()})
        assert status == 400 and "IMAGE_PROCESS_FAILED" in body["error"]
        status, body = await page.post("/api/send", {"persona": AN, "chat": AN, "text": "   "})
        assert status == 400
        status, body = await page.post("/api/personas", {"name": " ", "role": "resident"})
        assert status == 400 and "name" in body["error"]
        _, view = await page.get(f"/api/chat?persona={AN}&chat={AN}")
        assert view["messages"] == []


async def test_the_page_strings_come_from_the_catalogs_in_both_languages(db):
    async with sandbox_on(db) as address, aiohttp.ClientSession() as session:
        page = Page(session, address)
        _, vietnamese = await page.get("/api/strings?lang=vi")
        _, english = await page.get("/api/strings?lang=en")
    assert (vietnamese["start"], english["start"]) == ("Bắt đầu", "Start")
    assert vietnamese["role_secretary"] == "Thư ký"
    assert vietnamese.keys() == english.keys() and all(vietnamese.values())


async def test_the_page_loads_nothing_from_outside_this_computer(db):
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, path.name
    async with sandbox_on(db) as address, aiohttp.ClientSession() as session:
        async with session.get(address) as response:
            html = await response.text()
        async with session.get(address + "static/app.js") as response:
            assert response.status == 200
    assert 'src="/static/app.js"' in html and 'href="/static/app.css"' in html


async def test_demo_data_command_loads_the_demo_commune_once(db, database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    outputs = []
    for _ in range(2):
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "demo-data", env=env,
                                                       stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                                                       cwd=Path(__file__).parent.parent)
        stdout, _ = await process.communicate()
        assert process.returncode == 0
        outputs.append(stdout.decode())
    assert "Loaded demo commune 06421 Thiện Tân" in outputs[0] and "already loaded" in outputs[1]


async def test_run_without_a_token_points_to_the_sandbox(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["PYTHONPATH"] = str(Path(__file__).parent.parent)
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", env=env, cwd=tmp_path,
                                                   stderr=asyncio.subprocess.PIPE)
    _, stderr = await process.communicate()
    assert process.returncode == 2
    assert "doithoai sandbox" in stderr.decode()
