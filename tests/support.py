"""Test helpers: a channel-neutral chat with the real dispatcher on the real database."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone

from handlers.context import BotInfo, Deps
from handlers.dispatch import handle
from handlers.events import (Attachment, AttachmentSent, ButtonPressed, Command, ContactShared, ConversationRef,
                             TextMessage)
from handlers.replies import Outcome, Reply
from storage.db import Database

_update_ids = itertools.count(1)
BOT_EXTERNAL_ID = "700000"


class Clock:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)  # Monday 10:00 in Vietnam

    def __call__(self) -> datetime:
        return self.now


async def make_deps(database: Database, clock: Clock | None = None, channel: str = "telegram") -> Deps:
    async with database.unit_of_work() as uow:
        row = await uow.repo.ensure_bot(channel, BOT_EXTERNAL_ID, "doithoai_test_bot")
        await uow.commit()
    return Deps(unit_of_work=database.unit_of_work,
                bots={(channel, BOT_EXTERNAL_ID): BotInfo(row.id, "doithoai_test_bot", channel)},
                clock=clock or Clock())


async def add_commune(database: Database, code: str = "25252", name: str = "Thiện Tân",
                      villages: tuple[str, ...] = ("Thôn Lân Luông", "Thôn Bến Đá")) -> int:
    from handlers.topics import DEFAULT_DEPARTMENTS

    async with database.unit_of_work() as uow:
        commune = await uow.repo.add_commune(code, name, villages, DEFAULT_DEPARTMENTS)
        await uow.commit()
        return commune.id


@dataclass
class Chat:
    """One person in a private chat: what they send, and the text of what the bot replies."""

    deps: Deps
    user_id: str
    language: str = "en"
    channel: str = "telegram"
    outcomes: list[Outcome] = field(default_factory=list)
    last_message_id: int = 0

    @property
    def ref(self) -> ConversationRef:
        return ConversationRef(self.channel, BOT_EXTERNAL_ID, self.user_id, self.user_id)

    def _common(self) -> dict:
        return {"ref": self.ref, "update_id": str(next(_update_ids)), "language": self.language}

    async def _run(self, event) -> list[Reply]:
        outcome = await handle(event, self.deps)
        self.outcomes.append(outcome)
        self.last_message_id += len(outcome.replies)
        return outcome.replies

    async def send(self, text: str) -> str:
        if text.startswith("/"):
            name, _, args = text[1:].partition(" ")
            event = Command(name=name, args=args, **self._common())
        else:
            event = TextMessage(text=text, **self._common())
        return joined(await self._run(event))

    async def press(self, data: str) -> str:
        return joined(await self._run(ButtonPressed(data=data, message_id=str(self.last_message_id),
                                                    **self._common())))

    async def share_contact(self, phone: str, own: bool = True) -> str:
        return joined(await self._run(ContactShared(phone=phone, is_own=own, **self._common())))

    async def attach(self, kind: str, file_id: str, caption: str = "") -> str:
        event = AttachmentSent(attachment=Attachment(kind, file_id, "a.pdf" if kind == "document" else ""),
                               caption=caption, **self._common())
        return joined(await self._run(event))

    def buttons(self) -> list[str]:
        """Callback data of every button in the last outcome."""
        return [b.data for r in self.outcomes[-1].replies for row in r.buttons for b in row]

    def button(self, label_part: str) -> str:
        for reply in self.outcomes[-1].replies:
            for row in reply.buttons:
                for b in row:
                    if label_part in b.label:
                        return b.data
        raise AssertionError(f"no button with {label_part!r} in {[r.text for r in self.outcomes[-1].replies]}")


def joined(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)


async def register(chat: Chat, name: str = "Nguyễn Văn An", village: str = "Lân Luông", phone: str | None = None):
    await chat.send("/start")
    await chat.press("consent:yes")
    await chat.send(name)
    await chat.press(chat.button(village))
    if phone:
        await chat.share_contact(phone)
    else:
        await chat.send("Skip" if chat.language == "en" else "Bỏ qua")
