"""What tests are made of: people chatting with the real dispatcher on the real database — a commune, residents,
staff by invitation, a session with questions — what the outbox holds, and conversations written as tables of
(person says, bot replies). Every test module takes its people from here, never from another test module."""
from __future__ import annotations

import asyncio
import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Awaitable, Callable, Sequence

from sqlalchemy import select

from bot.admin import invite_staff
from bot.zalo.conversation import TextConversation
from handlers.commune.topics import DEFAULT_DEPARTMENTS, topic_label
from handlers.conversation.context import BotInfo, Deps
from handlers.conversation.events import (Attachment, AttachmentSent, ButtonPressed, Command, ContactShared,
                                          ConversationRef, TextMessage)
from handlers.conversation.i18n import translator
from handlers.conversation.replies import Outcome, Reply
from handlers.dispatch import handle
from handlers.sessions.rules import SessionState
from storage.db import Database
from storage.models import Delivery, DialogueSession, Question

_update_ids = itertools.count(1)
BOT_EXTERNAL_ID = "700000"
CHANNELS = ("telegram", "zalo_bot", "zalo_oa")
current = {"channel": "telegram"}  # set per test by the `channel` fixture (tests/conftest.py)
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)  # Monday 10:00 in Vietnam; Tuesday 24/11 is a holiday
GROUP_IDS = {"telegram": "-1001234567890", "zalo_bot": "g-7f3a9c"}  # Telegram groups are negative ids


class Clock:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or NOW

    def __call__(self) -> datetime:
        return self.now


def later(days: int, clock: Clock) -> None:
    clock.now = clock.now + timedelta(days=days)


async def make_deps(database: Database, clock: Clock | None = None, channel: str | None = None) -> Deps:
    channel = channel or current["channel"]
    async with database.unit_of_work() as uow:
        row = await uow.repo.ensure_bot(channel, BOT_EXTERNAL_ID, "doithoai_test_bot")
        await uow.commit()
    return Deps(unit_of_work=database.unit_of_work,
                bots={(channel, BOT_EXTERNAL_ID): BotInfo(row.id, "doithoai_test_bot", channel)},
                clock=clock or Clock())


async def two_channels(db, clock: Clock | None = None) -> Deps:
    """Deps for one person's two messengers: the test bot on Telegram and on the Zalo Bot Platform."""
    deps = await make_deps(db, clock, channel="telegram")
    zalo = await make_deps(db, clock, channel="zalo_bot")
    deps.bots.update(zalo.bots)
    return deps


async def add_commune(database: Database, code: str = "25252", name: str = "Thiện Tân",
                      villages: tuple[str, ...] = ("Thôn Lân Luông", "Thôn Bến Đá")) -> int:
    async with database.unit_of_work() as uow:
        commune = await uow.repo.add_commune(code, name, villages, DEFAULT_DEPARTMENTS)
        await uow.commit()
        return commune.id


# --- a chat ---------------------------------------------------------------------------------------------------------
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
    """One person in a private chat: what they send and press, and the text of what the bot replies.

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

    async def press(self, label: str) -> str:
        """Press the button the person sees with this label (or part of it): in the bot's latest replies first,
        then in earlier ones, then in messages the bot sent them later (a notification with buttons)."""
        return await self.press_data(await self._data_of(label))

    async def press_data(self, data: str) -> str:
        """Press a button by its data, as a forged or outdated press does (a test of forged data says so)."""
        number = await self._typed_number(data) if self.zalo else None
        if number is not None:
            return await self.send(number)
        # Telegram; or on Zalo a forged, stale or earlier button that no number on screen stands for
        return joined(await self._run(ButtonPressed(data=data, message_id=str(self.last_message_id),
                                                    **self._common())))

    async def _data_of(self, label: str) -> str:
        for outcome in reversed(self.outcomes):
            for reply in outcome.replies:
                for b in (b for row in reply.buttons for b in row):
                    if label in b.label:
                        return b.data
        async with self.deps.unit_of_work() as uow:
            rows = (await uow.session.scalars(select(Delivery).where(Delivery.chat_id == self.user_id)
                                              .order_by(Delivery.id.desc()))).all()
        for row in rows:
            for button_label, data in (b for line in row.payload.get("buttons", []) for b in line):
                if label in button_label:
                    return data
        raise AssertionError(f"no button {label!r} for {self.user_id}; last seen: {self.shown}")

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

    def labels(self) -> list[str]:
        """The label of every button in the last outcome."""
        return [b.label for r in self.outcomes[-1].replies for row in r.buttons for b in row]

    def button(self, label_part: str) -> str:
        """The data of a button in the last outcome (to forge a press of it later, or to compare)."""
        for reply in self.outcomes[-1].replies:
            for row in reply.buttons:
                for b in row:
                    if label_part in b.label:
                        return b.data
        raise AssertionError(f"no button with {label_part!r} in {[r.text for r in self.outcomes[-1].replies]}")


@dataclass
class GroupChat(Chat):
    """The same person writing in a group chat the bot is a member of."""

    group_id: str = ""

    @property
    def ref(self) -> ConversationRef:
        return ConversationRef(self.channel, BOT_EXTERNAL_ID, self.group_id, self.user_id, is_group=True)


def joined(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)


# --- conversations as tables ----------------------------------------------------------------------------------------
Step = tuple[str, str | Sequence[str]]  # (what the person does, what the reply must contain)


async def converse(chat: Chat, table: Sequence[Step]) -> None:
    """Play a conversation: each step is what the person says ("/cmd", text) or presses ("[label]"), and a piece
    (or pieces) of text the bot's reply must contain ("" for anything)."""
    for says, expected in table:
        reply = await (chat.press(says[1:-1]) if says.startswith("[") and says.endswith("]") else chat.send(says))
        for piece in ([expected] if isinstance(expected, str) else expected):
            assert piece in reply, f"after {says!r} expected {piece!r} in:\n{reply}"


# --- people ---------------------------------------------------------------------------------------------------------
def label(chat: Chat, msgid: str) -> str:
    """A button's label as this person reads it, in their language."""
    return translator(chat.language)(msgid)


async def agree_to_notice(chat: Chat) -> str:
    """Agree to the data notice: handling questions, and on Telegram the transfer abroad; the reply to the last."""
    reply = await chat.press(label(chat, "Agree"))
    if chat.channel == "telegram":
        reply = await chat.press(label(chat, "Agree"))
    return reply


async def register(chat: Chat, name: str = "Nguyễn Văn An", village: str = "Lân Luông", phone: str | None = None,
                   announcements: bool = True) -> str:
    """Register; then choose announcements (most tests' residents want them) and return that reply."""
    await chat.send("/start")
    await agree_to_notice(chat)
    await converse(chat, [(name, ""), (f"[{village}]", "")])
    if phone:
        await chat.share_contact(phone)
    else:
        await chat.send(label(chat, "Skip"))
    return await chat.press(label(chat, "Agree" if announcements else "Do not agree"))


async def residents(deps, *names: str, first_id: int = 5001, language: str = "en") -> list[Chat]:
    chats = []
    for number, name in enumerate(names):
        chat = Chat(deps, str(first_id + number), language=language)
        await register(chat, name=name)
        chats.append(chat)
    return chats


async def join_staff(db, deps, user_id: str, role: str, department: str | None = None, name: str = "Lê Thư Ký",
                     village: str | None = None) -> tuple[Chat, str]:
    """A staffer who redeemed an invitation: their chat and the welcome they read."""
    link = await invite_staff(db, "25252", role, department, village, "doithoai_test_bot")
    chat = Chat(deps, user_id)
    reply = await chat.send("/start " + link.rsplit("start=", 1)[1])
    if label(chat, "Agree") not in chat.labels():  # someone already registered takes the role at once
        return chat, reply
    await agree_to_notice(chat)
    return chat, await chat.send(name)


async def staff(db, deps, user_id: str, role: str, name: str, department: str | None = None,
                village: str | None = None) -> Chat:
    return (await join_staff(db, deps, user_id, role, department, name, village))[0]


async def community(db, clock: Clock | None = None):
    """A commune with a chair, a secretary, an officer of Phòng Kinh tế, a village head and three residents."""
    await add_commune(db)
    deps = await make_deps(db, clock or Clock(NOW))
    people = {"chair": await staff(db, deps, "8001", "chair", "Phạm Chủ Tịch"),
              "secretary": await staff(db, deps, "8002", "secretary", "Lê Thư Ký"),
              "officer": await staff(db, deps, "8003", "officer", "Trần Địa Chính", department="kinh-te"),
              "head": await staff(db, deps, "8004", "village_head", "Hoàng Trưởng Thôn", village="Thôn Lân Luông")}
    for user_id, name, village in (("7001", "Nguyễn Văn An", "Lân Luông"), ("7002", "Trần Thị Bình", "Bến Đá"),
                                   ("7003", "Lê Văn Cường", "Lân Luông")):
        people[name.split()[-1].lower()] = chat = Chat(deps, user_id)
        await register(chat, name, village)
    return deps, people


# --- questions and sessions -----------------------------------------------------------------------------------------
async def start_question(chat: Chat, topic: str = "land") -> str:
    """/ask a general question in a field, up to the prompt for its text."""
    await chat.send("/ask")
    await chat.press(label(chat, "General questions (no session)"))
    return await chat.press(topic_label(topic, translator(chat.language)))


async def ask(chat: Chat, text: str = "Đường thôn bị hỏng, khi nào sửa?", topic: str = "infra") -> str:
    """Send a general question; the bot's acknowledgement."""
    await start_question(chat, topic)
    await chat.send(text)
    return await chat.press(label(chat, "✅ Send"))


async def ask_in(chat: Chat, session_id: int, text: str, topic: str = "infra") -> int:
    """Ask in a session (chosen by its button, or the only one offered); returns the question id."""
    async with chat.deps.unit_of_work() as uow:
        session = await uow.session.get(DialogueSession, session_id)
    t = translator(chat.language)
    offered = await chat.send("/ask")
    if t("General questions (no session)") in chat.labels():  # a choice of sessions: its label as /ask shows it
        shown = f"{session.title[:47]} ({t.date(session.starts_at)})"
        assert chat.labels().count(shown) == 1, f"{shown!r} is not one button of {chat.labels()}"
        await chat.press(shown)
    else:  # their village's only session is preselected
        assert session.title in offered, offered
    await chat.press(topic_label(topic, t))
    await chat.send(text)
    await chat.press(label(chat, "✅ Send"))
    async with chat.deps.unit_of_work() as uow:
        return await uow.session.scalar(select(Question.id).order_by(Question.id.desc()).limit(1))


async def open_question(chat: Chat, question_id: int) -> str:
    """Staff open a question's card by its code (/q TT-0001), to press its buttons."""
    async with chat.deps.unit_of_work() as uow:
        code = (await uow.session.get(Question, question_id)).code
    return await chat.send(f"/q {code}")


async def ask_in_session(chat: Chat, text: str, topic: str = "infra") -> str:
    """Ask for the resident's only open session, stopping at the review (which shows suggestions)."""
    await chat.send("/ask")
    await chat.press(topic_label(topic, translator(chat.language)))
    return await chat.send(text)


async def open_session(db, starts: datetime) -> int:
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
        row = await uow.repo.save_session(None, [], commune_id=commune.id, title="Đối thoại quý IV",
                                          state=SessionState.ANNOUNCED, starts_at=starts)
        await uow.commit()
        return row.id


async def add_session(db, commune_id: int, state: str = "announced", days: int = 10, title: str = "Đối thoại quý IV",
                      online: bool = False) -> int:
    async with db.unit_of_work() as uow:
        row = await uow.repo.save_session(None, None, commune_id=commune_id, title=title, state=state,
                                          starts_at=NOW + timedelta(days=days), venue="Hội trường xã", online=online)
        await uow.commit()
        return row.id


async def commune_with_session(db, state: str = "announced", online: bool = False):
    commune_id = await add_commune(db)
    session_id = await add_session(db, commune_id, state, online=online)
    return commune_id, session_id, await make_deps(db)


async def set_session_state(db, session_id: int, state: str) -> None:
    async with db.unit_of_work() as uow:
        row = await uow.repo.lock_session(session_id)
        await uow.repo.record_session_transition(row, state, None)
        await uow.commit()


async def a_session_with_two_questions(db):
    deps, people = await community(db)
    session_id = await open_session(db, NOW + timedelta(days=3))
    road = await ask_in(people["an"], session_id, "Đường thôn Lân Luông bị hỏng, khi nào sửa?")
    land = await ask_in(people["bình"], session_id, "Hồ sơ cấp sổ đỏ của tôi nộp 3 tháng chưa có kết quả.",
                        topic="land")
    await start_on_the_card(people["secretary"], session_id)
    return people, session_id, road, land


async def start_on_the_card(staffer: Chat, session_id: int) -> str:
    """On the session's card, the staffer records that the session has just started."""
    await staffer.send("/sessions")
    await staffer.press(f"#{session_id} ")
    return await staffer.press("Start the session")


async def published(db):
    """A session whose two questions have outcomes and whose approved conclusion the chair has just published."""
    people, session_id, road, land = await a_session_with_two_questions(db)
    secretary, chair = people["secretary"], people["chair"]
    await secretary.send(f"/conclude {session_id}")
    await converse(secretary, [("[Write the conclusion]", "general conclusion"),
                               ("UBND xã tiếp thu các ý kiến, giao các bộ phận trả lời đúng hạn.", "Saved")])
    await chair.send(f"/conclude {session_id}")
    await chair.press("Approve")
    await converse(secretary, [("/q TT-0001", "TT-0001"), ("[Answer]", "Type the answer"),
                               ("Xã sẽ sửa đường trong tháng 12/2026 bằng nguồn vốn nông thôn mới.", "Saved"),
                               ("/q TT-0002", "TT-0002"), ("[Assign]", "which department"), ("[Phòng Kinh tế]", "")])
    await record_the_end(secretary, session_id)
    await chair.send(f"/conclude {session_id}")
    await converse(chair, [("[Publish]", "register"), ("01", "minutes"), ("01", "Published as notice No. 01")])
    return people, session_id


async def record_the_end(staffer: Chat, session_id: int) -> str:
    """On the session's card, the staffer records that the session has just ended."""
    await staffer.send("/sessions")
    await staffer.press(f"#{session_id} ")
    return await staffer.press("Record the end")


# --- what went out --------------------------------------------------------------------------------------------------
async def outbox(db, kind_prefix: str = "") -> list[tuple[str, str, str]]:
    """(chat id, kind, text) of every queued message, oldest first."""
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery).order_by(Delivery.id))).all()
        return [(r.chat_id, r.kind, r.payload.get("text", "")) for r in rows if r.kind.startswith(kind_prefix)]


async def deliveries(db) -> list[tuple[str, str]]:
    """(chat id, text) of every queued message, oldest first."""
    return [(chat, text) for chat, _, text in await outbox(db)]


async def texts_to(db, chat_id: str) -> list[str]:
    return [text for chat, _, text in await outbox(db) if chat == chat_id]


# --- linking accounts -----------------------------------------------------------------------------------------------
def code_in(text: str) -> str:
    return re.search(r"\b(\d{8})\b", text).group(1)


async def confirmation(db, chat: Chat) -> tuple[str, str, str]:
    """The newest link confirmation queued to a chat: its text and its Confirm and Refuse button data."""
    async with db.unit_of_work() as uow:
        row = await uow.session.scalar(select(Delivery).where(Delivery.chat_id == chat.user_id,
                                                              Delivery.kind == "link.confirm")
                                       .order_by(Delivery.id.desc()).limit(1))
    assert row is not None, "no confirmation was queued"
    (confirm, refuse), = row.payload["buttons"]
    return row.payload["text"], confirm[1], refuse[1]


async def link_with_confirmation(db, owner: Chat, other: Chat) -> str:
    code = code_in(await owner.send("/link"))
    assert "confirm" in await other.send(f"/link {code}")
    return await owner.press("Confirm the link")


# --- waiting for state, never for time ------------------------------------------------------------------------------
async def poll(condition: Callable[[], Awaitable[Any]], timeout: float = 30.0, what: str = "the state") -> Any:
    """Check often until the condition holds or the generous deadline passes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await condition()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"{what} never came")
        await asyncio.sleep(0.05)
