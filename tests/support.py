"""Test helpers: a channel-neutral chat with the real dispatcher on the real database."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone

from bot.zalo.conversation import TextConversation
from handlers.context import BotInfo, Deps
from handlers.dispatch import handle
from handlers.events import (Attachment, AttachmentSent, ButtonPressed, Command, ContactShared, ConversationRef,
                             TextMessage)
from handlers.replies import Outcome, Reply
from storage.db import Database

_update_ids = itertools.count(1)
BOT_EXTERNAL_ID = "700000"
CHANNELS = ("telegram", "zalo_bot", "zalo_oa")
current = {"channel": "telegram"}  # set per test by the `channel` fixture (tests/conftest.py)


class Clock:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)  # Monday 10:00 in Vietnam

    def __call__(self) -> datetime:
        return self.now


async def make_deps(database: Database, clock: Clock | None = None, channel: str | None = None) -> Deps:
    channel = channel or current["channel"]
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


class RecordingConversation(TextConversation):
    """The real Zalo conversation layer, keeping each outcome so tables can look at buttons and menus."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes: list[Outcome] = []

    async def _dispatch(self, event):
        outcome = await super()._dispatch(event)
        self.outcomes.append(outcome)
        return outcome


@dataclass
class Chat:
    """One person in a private chat: what they send, and the text of what the bot replies.

    On Zalo channels every event goes through the numbered-choice layer, and pressing a button means typing the
    number the rendered text showed for it."""

    deps: Deps
    user_id: str
    language: str = "en"
    channel: str = field(default_factory=lambda: current["channel"])
    outcomes: list[Outcome] = field(default_factory=list)
    last_message_id: int = 0
    shown: str = ""  # the text the person last saw (Zalo: with its numbered options)

    @property
    def ref(self) -> ConversationRef:
        return ConversationRef(self.channel, BOT_EXTERNAL_ID, self.user_id, self.user_id)

    @property
    def zalo(self) -> bool:
        return self.channel != "telegram"

    def _common(self) -> dict:
        return {"ref": self.ref, "update_id": str(next(_update_ids)), "language": self.language}

    async def _run(self, event) -> list[Reply]:
        if self.zalo:
            return await self._run_zalo(event)
        outcome = await handle(event, self.deps)
        self.outcomes.append(outcome)
        self.last_message_id += len(outcome.replies)
        self.shown = joined(outcome.replies)
        return outcome.replies

    async def _run_zalo(self, event) -> list[Reply]:
        bot = self.deps.bots[(self.channel, BOT_EXTERNAL_ID)]
        database = self.deps.unit_of_work.__self__  # the Database whose bound method the deps hold
        conversation = RecordingConversation(database, self.deps, bot, releases_held=self.channel == "zalo_oa")
        rendered = await conversation.process(event)
        self.outcomes.extend(conversation.outcomes)
        self.shown = "\n".join(message.text for message in rendered.messages)
        return conversation.outcomes[-1].replies

    async def _typed_number(self, data: str) -> str | None:
        """The number a Zalo user types for this option: from the chat's stored choices, as the text showed."""
        bot = self.deps.bots[(self.channel, BOT_EXTERNAL_ID)]
        async with self.deps.unit_of_work() as uow:
            choices = await uow.repo.offered_choices(bot.row_id, self.user_id)
        for number, choice in enumerate(choices, start=1):
            if choice.get("data") == data:
                assert f"{number}. {choice['label']}" in self.shown, f"option {number} not shown: {self.shown}"
                return str(number)
        return None

    async def send(self, text: str) -> str:
        if text.startswith("/"):
            name, _, args = text[1:].partition(" ")
            event = Command(name=name, args=args, **self._common())
        else:
            event = TextMessage(text=text, **self._common())
        return joined(await self._run(event))

    async def press(self, data: str) -> str:
        number = await self._typed_number(data) if self.zalo else None
        if number is not None:
            return await self.send(number)
        # Telegram; or on Zalo a forged, stale or earlier button that no number on screen stands for
        return joined(await self._run(ButtonPressed(data=data, message_id=str(self.last_message_id),
                                                    **self._common())))

    async def share_contact(self, phone: str, own: bool = True) -> str:
        if self.zalo:  # no contact button on Zalo: the number is typed
            return await self.send(phone)
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


async def start_question(chat: Chat, topic: str = "land") -> str:
    """/ask a general question in a field, up to the prompt for its text."""
    await chat.send("/ask")
    await chat.press("ask:s:0")
    return await chat.press(f"ask:t:{topic}")
