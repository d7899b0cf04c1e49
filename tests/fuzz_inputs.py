"""Generated updates for the fuzz suite, and the runner that takes them through the real parsers and dispatcher.

One generator serves the test suite (tests/test_fuzz.py: hypothesis draws the seeds) and bench/fuzz.py (100,000
updates), through the small Source interface. An update is the JSON a platform would post:
a Telegram Update, a Zalo Bot Platform update, a Zalo OA event; it may come with a conversation state forced on the
chat first (any State, with data of the shape that state's flow writes, pointing at anything in the world)."""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any, Protocol, Sequence, TypeVar

from telegram import Update

from bot.telegram.parse import parse_update
from bot.zalo.conversation import TextConversation
from bot.zalo.parse import parse_bot_update, parse_oa_event, unwrap
from handlers import dispatch
from handlers.commune.topics import Topic
from handlers.conclusions import states as conclusions
from handlers.conversation.buttons import KINDS, Choice, IdOrWord, Int, Slug, Trailing
from handlers.conversation.states import IDLE
from handlers.conversation.text import clean
from handlers.dispatch import handle
from handlers.meeting import states as meeting
from handlers.people import states as people
from handlers.questions import states as questions
from handlers.sessions import states as sessions
from tests.fuzz_world import BOT_ID, BOT_USERNAME, GROUP_CHAT, NOW, World

T = TypeVar("T")
APOLOGIES = ("something went wrong", "sự cố")
# Every conversation state of every feature, in one enum: the states a chat can be found in.
State = StrEnum("State", [("IDLE", IDLE)] + [(state.name, state.value) for feature in (people, questions, sessions,
                                                                                      meeting, conclusions)
                                             for state in feature.State])
COMMANDS = sorted(route.name for route in dispatch.ROUTES.commands) + ["frobnicate", "START", "q@other_bot",
                                                                            "ask@" + BOT_USERNAME, "x" * 70]
LABELS = ["❓ Gửi câu hỏi", "📋 Câu hỏi của tôi", "❓ Ask a question", "Bỏ qua", "Skip", "Đồng ý", "1", "2", "3",
          "Thôn Lân Luông", "Thôn Khác", "Đất đai", "Gửi", "Viết lại", "✅ Gửi", "Hủy"]
NASTY = ["\x00", "\x0b", "\x1b[31m", "\u202e", "\u200d", "\ufeff", "\ud800", "\udfff", "\uffff", "\r", "\r\n", "\t",
         "=HYPERLINK(\"http://x\",\"y\")", "<b>x</b>", "*_`[", "${jndi:x}", "'; drop table person; --", "🇻🇳👨‍👩‍👧",
         "TT-0001", "tt 4", "TT-99999999999"]


class Source(Protocol):
    def pick(self, options: Sequence[T]) -> T: ...

    def number(self, low: int, high: int) -> int: ...

    def text(self, max_size: int) -> str: ...


class RandomSource:
    """A seeded random.Random behind the Source interface."""

    ALPHABET = ("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789.,:;/-_@#!?"
                "àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵĐƯƠ"
                "\x00\x01\x0b\x1f\x7f\u0300\u0301\u202e\u200b😀🙏中文")

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def pick(self, options: Sequence[T]) -> T:
        return options[self.random.randrange(len(options))]

    def number(self, low: int, high: int) -> int:
        return self.random.randint(low, high)

    def text(self, max_size: int) -> str:
        return "".join(self.random.choice(self.ALPHABET) for _ in range(self.random.randint(0, max_size)))


def fuzz_text(src: Source) -> str:
    """Text a person might send, or a hostile one: labels, numbers, NFD Vietnamese, junk, 10,000 characters."""
    shape = src.number(0, 9)
    if shape == 0:
        return src.pick(LABELS)
    if shape == 1:
        return str(src.pick([0, 1, 2, 3, 4, 7, 9, 12, 99, -1, 2**31, 10**30]))
    if shape == 2:
        return unicodedata.normalize("NFD", src.pick(["Nguyễn Văn Hùng", "Đường thôn bị hỏng ạ", "thôi để mai"]))
    if shape == 3:
        return src.pick(["", " ", "\n\n", "   \t  "])
    if shape == 4:
        return src.pick(["Câu hỏi dài. ", "x", "Ư"]) * src.pick([700, 3001, 10_000])
    if shape == 5:
        return src.pick(NASTY) + src.text(8) + src.pick(NASTY)
    if shape == 6:
        return src.pick(["0912 345 678", "+84 912.345.678", "12345", "0212345678"])
    return src.text(40)


def _id(src: Source) -> int:
    return src.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 2**31 - 1])


def _field(src: Source, f: Any) -> Any:
    if isinstance(f, Trailing):
        return f.default if src.number(0, 1) else _field(src, f.field)
    if isinstance(f, Int):
        return min(_id(src), f.high)
    if isinstance(f, Choice):
        return src.pick(f.values)
    if isinstance(f, IdOrWord):
        return src.pick([*f.words, _id(src)])
    if isinstance(f, Slug):
        return src.pick(["kinh-te", "van-phong", "khong-co", "X"])
    raise TypeError(f)


def button_data(src: Source) -> str:
    """Well-formed data of any kind aimed at anything (ours, the bystander's, the other commune's, nothing), or a
    known prefix with junk, or junk."""
    kind = src.pick(list(KINDS.values()))
    shape = src.number(0, 5)
    if shape <= 2:
        return kind.build(**{f.name: _field(src, f) for f in kind.fields})
    if shape == 3:
        return kind.prefix + ":" + ":".join(fuzz_text(src)[:20] for _ in range(src.number(0, 4)))
    if shape == 4:
        return kind.prefix + ":" + src.pick(["-1", "²", "٣", "99999999999", "1 ", "", "1:1:1:1"])
    return fuzz_text(src)[:src.pick([64, 10_000])]


def command_text(src: Source, world: World) -> str:
    name = src.pick(COMMANDS)
    args = src.pick(["", fuzz_text(src), src.pick(world.codes), str(_id(src)), f"#{_id(src)}", "staff-" + src.text(8),
                     f"ask-{_id(src)}-{_id(src)}", "12345678", "complaint", "TT-0003 denunciation", "TT-0003 tố cáo", "01/12/2026",
                     "31/02/2026", "15/12/2026 08:00"])
    return f"/{name} {args}" if args else f"/{name}"


@dataclass
class Input:
    channel: str
    user: str
    chat: str
    body: Any  # what the platform would post
    state: tuple[str, dict] | None = None  # forced on the chat before the update

    def __repr__(self) -> str:
        return f"Input({self.channel} user={self.user} chat={self.chat} state={self.state!r} body={self.body!r:.300})"


def state_data(src: Source, state: State, world: World) -> dict[str, Any]:
    """Data of the shape the state's own flow writes: ids of the commune's rows (the flows check them before
    writing), of rows since gone, or of nothing."""
    sid, qid = src.pick([*world.own_sessions, 0, 99]), src.pick([*world.own_questions, 99])
    if state.value.startswith("onboarding"):
        return {"invite": src.pick(["", "nope"]), "ask": src.pick(["", f"ask-{sid}-{_id(src)}"]),
                **({"changing": True} if src.number(0, 3) == 0 else {})}
    if state in (State.ASK_TOPIC, State.ASK_TEXT, State.ASK_REVIEW):
        data = {"session_id": sid, "topic": src.pick(list(Topic)).value, "attachments": []}
        if state == State.ASK_REVIEW:
            data["text"] = src.pick(["Câu hỏi", "x" * 3000])
            data.update({"extra": clean(fuzz_text(src)[:100])} if src.number(0, 2) == 0 else {})  # as stored
        return data
    if state.value.startswith("staff") or state == State.FEEDBACK_COMMENT:
        return {"question_id": qid}
    if state.value.startswith("plan") and state != State.PLAN_OVERRIDE:
        draft = {"commune_id": world.commune, "villages": [], "co": [], "kind": "periodic", "theme": "general"}
        editing = src.number(0, 3) == 0  # an edit starts from the whole stored session
        if editing or state in (State.PLAN_VENUE, State.PLAN_VILLAGES, State.PLAN_INTAKE, State.PLAN_COORGANISERS):
            draft["starts_at"] = (NOW + timedelta(days=src.number(-3, 30))).isoformat()
        return {"draft": draft, **({"edit": src.pick([*world.own_sessions, 99])} if editing else {})}
    if state in (State.PLAN_OVERRIDE, State.CONCLUSION_TEXT, State.SPEAK_TEXT):
        return {"session_id": sid}
    if state.value.startswith("proxy"):
        return {"name": "Nguyễn Thị Hoa", "topic": src.pick(list(Topic)).value}
    return {}


def generate(src: Source, world: World, channel: str, update_id: int) -> Input:
    """One update on one channel, from an actor, a stranger, or in a group."""
    who = src.pick([*world.actors, "stranger", "group"])
    user = world.actors.get(who) or src.pick(["3001", "3002", "3003", world.actors["secretary"]])
    chat = GROUP_CHAT if who == "group" and channel != "zalo_oa" else user
    state = None
    if chat != GROUP_CHAT and src.number(0, 4) == 0:
        chosen = src.pick(list(State))
        state = (chosen.value, state_data(src, chosen, world))
    body = {"telegram": telegram_update, "zalo_bot": zalo_bot_update, "zalo_oa": zalo_oa_event}[channel](
        src, world, user, chat, update_id)
    return Input(channel, user, chat, body, state)


def _typed(src: Source, world: World) -> str:
    return command_text(src, world) if src.number(0, 2) == 0 else fuzz_text(src)


def telegram_update(src: Source, world: World, user: str, chat: str, update_id: int) -> dict[str, Any]:
    sender = {"id": int(user), "is_bot": False, "first_name": src.pick(["An", fuzz_text(src)[:60] or "A"]),
              "language_code": src.pick(["vi", "en", "fr", None])}
    place = {"id": int(chat), "type": "private", "first_name": "An"} if chat == user else \
        {"id": int(chat), "type": src.pick(["group", "supergroup"]), "title": "Nhóm thôn"}
    message = {"message_id": update_id, "date": int(NOW.timestamp()), "chat": place, "from": sender}
    shape = src.number(0, 9)
    if shape <= 3:
        return {"update_id": update_id, "message": {**message, "text": _typed(src, world) or " "}}
    if shape <= 6:
        query = {"id": str(update_id), "from": sender, "chat_instance": "1", "data": button_data(src),
                 "message": {"message_id": src.number(1, 50), "date": 0, "chat": place}}
        return {"update_id": update_id, "callback_query": query}
    if shape == 7:
        contact = {"phone_number": fuzz_text(src)[:30] or "0", "first_name": "A",
                   "user_id": src.pick([int(user), 999])}
        return {"update_id": update_id, "message": {**message, "contact": contact}}
    if shape == 8:
        document = {"file_id": "BQAC" + src.pick(["AgADBAADr6cxG", "x" * 90, "\x00"]), "file_unique_id": "u",
                    "file_name": fuzz_text(src)[:1000],
                    "mime_type": src.pick(["application/pdf", fuzz_text(src)[:200]])}
        attach = src.pick([{"document": document}, {"photo": [{"file_id": "AgAC", "file_unique_id": "p", "width": 9,
                                                               "height": 9}]}])
        return {"update_id": update_id, "message": {**message, **attach, "caption": fuzz_text(src)[:1024]}}
    extra = src.pick([{"location": {"latitude": 10.0, "longitude": 106.0}},
                      {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}},
                      {"new_chat_members": [sender]}])
    return {"update_id": update_id, src.pick(["message", "edited_message"]): {**message, **extra}}


def zalo_bot_update(src: Source, world: World, user: str, chat: str, update_id: int) -> Any:
    message: dict[str, Any] = {"from": {"id": user, "display_name": fuzz_text(src)[:40], "is_bot": False},
                               "chat": {"id": chat, "chat_type": "PRIVATE" if chat == user else "GROUP"},
                               "message_id": f"mid{update_id}", "date": 1_764_000_000_000}
    shape = src.number(0, 9)
    if shape <= 6:
        name, message["text"] = "message.text.received", _typed(src, world)
    elif shape == 7:
        name = "message.image.received"
        message.update(photo_url=src.pick(["https://f.zdn.vn/p.jpg", "https://x/" + "a" * 2500, fuzz_text(src)]),
                       caption=fuzz_text(src)[:500])
    else:
        name = src.pick(["message.sticker.received", "message.unsupported.received", "message.voice.received", "x"])
    update = {"event_name": name, "message": message}
    return {"ok": True, "result": update} if src.number(0, 1) else update


def zalo_oa_event(src: Source, world: World, user: str, chat: str, update_id: int) -> Any:
    base = {"app_id": "oa", "timestamp": str(1_764_000_000_000 + update_id), "recipient": {"id": "oa"}}
    shape = src.number(0, 9)
    if shape <= 6:
        return {**base, "event_name": "user_send_text", "sender": {"id": user},
                "message": {"msg_id": f"oa{update_id}", "text": _typed(src, world)}}
    if shape == 7:
        url = src.pick(["https://f.zdn.vn/p.jpg", "https://x/" + "b" * 300, fuzz_text(src)])
        return {**base, "event_name": "user_send_image", "sender": {"id": user},
                "message": {"msg_id": f"oa{update_id}", "text": fuzz_text(src)[:200],
                            "attachments": [{"type": "image", "payload": {"url": url}}]}}
    name = src.pick(["follow", "unfollow", "user_send_sticker", "user_received_message", "oa_send_text", "weird"])
    return {**base, "event_name": name, "sender": {"id": user}, "follower": {"id": user},
            "message": {"msg_id": f"oa{update_id}"}}


@dataclass
class Result:
    kind: str  # the parsed event's type, or "ignored"
    texts: list[str] = field(default_factory=list)  # everything the person was shown
    replies: int = 0  # messages sent back
    error: BaseException | None = None


class Runner:
    """Takes inputs through the real parsers, the Zalo conversation layer and the dispatcher."""

    def __init__(self, database: Any, world: World) -> None:
        self.database, self.world = database, world
        self.conversations = {channel: TextConversation(database, world.deps, world.bot(channel),
                                                        releases_held=channel == "zalo_oa")
                              for channel in ("zalo_bot", "zalo_oa")}

    async def run(self, item: Input) -> Result:
        if item.state is not None:
            async with self.database.unit_of_work() as uow:
                bot = self.world.bot(item.channel).row_id
                await uow.repo.load_state(bot, item.chat)
                await uow.repo.save_state(bot, item.chat, item.state[0], item.state[1])
                await uow.commit()
        try:
            return await self._run(item)
        except Exception as error:  # noqa: BLE001 - the property under test is that nothing gets here
            return Result("error", error=error)

    async def _run(self, item: Input) -> Result:
        if item.channel == "telegram":
            event = parse_update(Update.de_json(item.body, None), BOT_ID, BOT_USERNAME)
            if event is None:
                return Result("ignored")
            outcome = await handle(event, self.world.deps)
            return Result(type(event).__name__, _outcome_texts(outcome), len(outcome.replies))
        if item.channel == "zalo_bot":
            update = unwrap(item.body)
            event = parse_bot_update(update, BOT_ID) if update is not None else None
        else:
            event = parse_oa_event(item.body, BOT_ID)
        if event is None:
            return Result("ignored")
        rendered = await self.conversations[item.channel].process(event)
        return Result(type(event).__name__, [m.text + m.photo_url for m in rendered.messages], len(rendered.messages))


def _outcome_texts(outcome: Any) -> list[str]:
    texts = []
    for reply in outcome.replies:
        texts += [reply.text, *(b.label for row in reply.buttons for b in row)]
        if reply.attachment is not None:
            texts += [reply.attachment.file_name, reply.attachment.content.decode("utf-8", "ignore")]
    return texts


def problems(item: Input, result: Result, world: World) -> list[str]:
    """What went wrong for one input: an exception, the apology, or something shown that is not the person's."""
    found = [f"unexpected {type(result.error).__name__}: {result.error}"] if result.error else []
    shown = "\n".join(result.texts)
    found += [f"apology shown: {shown[:200]!r}" for apology in APOLOGIES if apology in shown]
    found += [f"another commune's {value!r} shown" for value in world.never_shown if value in shown]
    staff = {world.actors[role] for role in ("secretary", "officer", "head")}
    if item.chat != item.user or item.user not in staff:
        found += [f"the bystander's {value!r} shown to a resident or a group" for value in world.hidden_from_residents
                  if value in shown]
    return found
