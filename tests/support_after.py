"""Test helpers for after the session: staff by invite, a session with questions from residents, the outbox."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.admin import invite_staff
from handlers.session_rules import SessionState
from storage.models import Delivery, Question
from tests.support import Chat, Clock, add_commune, make_deps, register

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)  # Monday 10:00 in Vietnam; Tuesday 24/11 is a holiday


async def staff(db, deps, user_id: str, role: str, name: str, department: str | None = None,
                village: str | None = None) -> Chat:
    link = await invite_staff(db, "25252", role, department, village, "doithoai_test_bot")
    chat = Chat(deps, user_id)
    await chat.send("/start " + link.rsplit("start=", 1)[1])
    await chat.press("consent:yes")
    await chat.send(name)
    return chat


async def open_session(db, starts: datetime) -> int:
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
        row = await uow.repo.save_session(None, [], commune_id=commune.id, title="Đối thoại quý IV",
                                          state=SessionState.ANNOUNCED, starts_at=starts)
        await uow.commit()
        return row.id


async def set_session_state(db, session_id: int, state: str) -> None:
    async with db.unit_of_work() as uow:
        row = await uow.repo.lock_session(session_id)
        await uow.repo.record_session_transition(row, state, None)
        await uow.commit()


async def ask_in(chat: Chat, session_id: int, text: str, topic: str = "infra") -> int:
    """Ask in a session; returns the question id."""
    await chat.send("/ask")
    await chat.press(f"ask:s:{session_id}")
    await chat.press(f"ask:t:{topic}")
    await chat.send(text)
    await chat.press("ask:confirm")
    async with chat.deps.unit_of_work() as uow:
        return await uow.session.scalar(select(Question.id).order_by(Question.id.desc()).limit(1))


async def outbox(db, kind_prefix: str = "") -> list[tuple[str, str, str]]:
    """(chat id, kind, text) of every queued message, oldest first."""
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery).order_by(Delivery.id))).all()
        return [(r.chat_id, r.kind, r.payload.get("text", "")) for r in rows if r.kind.startswith(kind_prefix)]


async def community(db, clock: Clock | None = None):
    """A commune with a chair, a secretary, an officer of Địa chính, a village head and three residents."""
    await add_commune(db)
    deps = await make_deps(db, clock or Clock(NOW))
    people = {"chair": await staff(db, deps, "8001", "chair", "Phạm Chủ Tịch"),
              "secretary": await staff(db, deps, "8002", "secretary", "Lê Thư Ký"),
              "officer": await staff(db, deps, "8003", "officer", "Trần Địa Chính", department="dia-chinh"),
              "head": await staff(db, deps, "8004", "village_head", "Hoàng Trưởng Thôn", village="Thôn Lân Luông")}
    for user_id, name, village in (("7001", "Nguyễn Văn An", "Lân Luông"), ("7002", "Trần Thị Bình", "Bến Đá"),
                                   ("7003", "Lê Văn Cường", "Lân Luông")):
        people[name.split()[-1].lower()] = chat = Chat(deps, user_id)
        await register(chat, name, village)
    return deps, people


def later(days: int, clock: Clock) -> None:
    clock.now = clock.now + timedelta(days=days)
