"""Shared set-up for the community tests: a commune with a session, residents and a secretary."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.models import Delivery
from tests.support import Chat, Clock, add_commune, make_deps, register
from tests.test_flows_staff import join_staff

NOW = Clock().now


async def add_session(db, commune_id: int, state: str = "announced", days: int = 10, title: str = "Đối thoại quý IV",
                      online: bool = False):
    async with db.unit_of_work() as uow:
        row = await uow.repo.save_session(None, None, commune_id=commune_id, title=title, state=state,
                                          starts_at=NOW + timedelta(days=days), venue="Hội trường xã", online=online)
        await uow.commit()
        return row.id


async def residents(deps, *names: str, first_id: int = 5001, language: str = "en") -> list[Chat]:
    chats = []
    for number, name in enumerate(names):
        chat = Chat(deps, str(first_id + number), language=language)
        await register(chat, name=name)
        chats.append(chat)
    return chats


async def commune_with_session(db, state: str = "announced", online: bool = False):
    commune_id = await add_commune(db)
    session_id = await add_session(db, commune_id, state, online=online)
    deps = await make_deps(db)
    return commune_id, session_id, deps


async def ask_in_session(chat: Chat, text: str, topic: str = "infra") -> str:
    """Ask for the resident's only open session, stopping at the review (which shows suggestions)."""
    await chat.send("/ask")
    await chat.press(f"ask:t:{topic}")
    return await chat.send(text)


async def texts_to(db, chat_id: str) -> list[str]:
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery).where(Delivery.chat_id == chat_id)
                                          .order_by(Delivery.id))).all()
        return [row.payload["text"] for row in rows]


__all__ = ["NOW", "add_session", "residents", "commune_with_session", "ask_in_session", "texts_to", "join_staff"]
