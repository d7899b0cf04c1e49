"""The shared state behind every fake bot: who exists, who may be written to, what was sent."""

from __future__ import annotations

import itertools
import re
import time
from collections import Counter, deque
from typing import Callable

from .errors import ApiError, bad_request, forbidden
from .faults import Faults
from .flood import FloodControl
from .spec import Spec
from .state import BotState, ChatLog, Group, SentMessage, StoredFile, private_chat, user_object
from .updates import Signal

_TOKEN = re.compile(r"^(\d+):[A-Za-z0-9_-]+$")
_CHAT_ID = re.compile(r"^\s*-?\d+\s*$")


# kind → (file_id prefix, download folder), as Telegram's own ids and paths begin
FILE_KINDS = {"photo": ("AgACAgIAAxkBAAI", "photos"), "document": ("BQACAgIAAxkBAAI", "documents"),
              "voice": ("AwACAgIAAxkBAAI", "voice"), "audio": ("CQACAgIAAxkBAAI", "music")}


class World:
    """Bots, users and groups, and the rules on who can message whom."""

    def __init__(self, spec: Spec, flood: FloodControl | None = None,
                 callback_ttl: float = 15.0, clock: Callable[[], float] = time.time):
        self.spec = spec
        self.flood = flood
        self.faults = Faults()
        self.callback_ttl = callback_ttl
        self.clock = clock
        self.bots: dict[str, BotState] = {}
        self.users: dict[int, dict] = {}
        self.groups: dict[int, Group] = {}
        self.calls: Counter[str] = Counter()
        self.webhook_replies: Counter[str] = Counter()  # methods bots ran in their webhook responses
        self.answered_callbacks: list[dict] = []
        self.chat_actions: list[dict] = []
        self.errors: deque[str] = deque(maxlen=50)
        self.sent_changed = Signal()
        self.on_webhook_change: Callable[[BotState], None] = lambda bot: None
        self.closing = False
        self._serials = itertools.count(1)

    def now(self) -> int:
        return int(self.clock())

    def serial(self) -> int:
        """A number unique within this fake, for file and callback query ids."""
        return next(self._serials)

    # --- registration -------------------------------------------------------------------

    def add_bot(self, token: str, username: str, first_name: str) -> dict:
        match = _TOKEN.match(token)
        if not match:
            raise ValueError(f"a bot token looks like '123456:ABC-def', not {token!r}")
        user = {
            "id": int(match.group(1)), "is_bot": True, "first_name": first_name,
            "username": username, "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False,
        }
        if token not in self.bots:
            self.bots[token] = BotState(token=token, user=user)
        self.bots[token].user.update(user)
        return self.bots[token].user

    def add_user(self, user_id: int, first_name: str, last_name: str | None = None,
                 username: str | None = None, language_code: str | None = "vi") -> dict:
        if user_id <= 0:
            raise ValueError("user ids are positive")
        self.users[user_id] = user_object(user_id, first_name, last_name, username, language_code)
        return self.users[user_id]

    def add_group(self, chat_id: int, title: str, members=(), bot_is_admin: bool = False,
                  bots=None) -> dict:
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        group = Group(chat_id, title, set(members), bot_is_admin, set(bots) if bots else None)
        self.groups[chat_id] = group
        return group.chat()

    def migrate_group(self, chat_id: int, new_chat_id: int) -> dict:
        """Upgrade a group to a supergroup with a new id; the old id then answers with migrate_to_chat_id."""
        old = self.group(chat_id)
        if not str(new_chat_id).startswith("-100"):
            raise ValueError("supergroup ids start with -100")
        self.add_group(new_chat_id, old.title, old.members, old.bot_is_admin, old.bots)
        old.migrated_to = new_chat_id
        return self.groups[new_chat_id].chat()

    # --- lookups --------------------------------------------------------------------------

    def bot(self, token: str) -> BotState:
        if token not in self.bots:
            raise ValueError(f"unknown bot token {token[:12]}...; call add_bot() first")
        return self.bots[token]

    def user(self, user_id: int) -> dict:
        if user_id not in self.users:
            raise ValueError(f"unknown user {user_id}; call user() first")
        return self.users[user_id]

    def group(self, chat_id: int) -> Group:
        if chat_id not in self.groups:
            raise ValueError(f"unknown group {chat_id}; call group() first")
        return self.groups[chat_id]

    def chat_log(self, bot: BotState, chat_id: int) -> ChatLog:
        """The chat as this bot sees it, created on first use."""
        if chat_id not in bot.chats:
            chat = self.group(chat_id).chat() if chat_id < 0 else private_chat(self.user(chat_id))
            bot.chats[chat_id] = ChatLog(chat)
        return bot.chats[chat_id]

    def target_chat(self, bot: BotState, chat_id: int | str) -> ChatLog:
        """The chat a Bot API call names, or the error Telegram gives for it."""
        if isinstance(chat_id, str):
            if not _CHAT_ID.match(chat_id):
                raise bad_request("chat not found")  # no public @usernames here
            chat_id = int(chat_id)
        if chat_id > 0:
            self._check_private_chat(bot, chat_id)
        else:
            group = self.groups.get(chat_id)
            if group is None or not group.has_bot(bot.token):
                raise bad_request("chat not found")
            if group.migrated_to is not None:
                raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                               {"migrate_to_chat_id": group.migrated_to})
        return self.chat_log(bot, chat_id)

    def _check_private_chat(self, bot: BotState, user_id: int) -> None:
        if any(other.id == user_id for other in self.bots.values()):
            raise forbidden("bot can't send messages to bots")
        if user_id not in bot.started:
            if user_id in bot.seen:
                raise forbidden("bot can't initiate conversation with a user")
            raise bad_request("chat not found")
        if user_id in bot.blocked:
            raise forbidden("bot was blocked by the user")

    # --- changes --------------------------------------------------------------------------

    def store_file(self, bot: BotState, kind: str, data: bytes, *, filename: str | None = None,
                   mime_type: str | None = None, width: int = 0, height: int = 0,
                   duration: int = 0) -> StoredFile:
        number = self.serial()
        prefix, folder = FILE_KINDS.get(kind, FILE_KINDS["document"])
        extension = {"photo": ".jpg", "voice": ".oga"}.get(kind) or _extension(filename)
        stored = StoredFile(
            file_id=f"{prefix}{bot.id}_{number:06d}", file_unique_id=f"AQAD{number:06d}",
            kind=kind, data=data, file_path=f"{folder}/file_{number}{extension}",
            filename=filename, mime_type=mime_type, width=width, height=height, duration=duration,
        )
        bot.files[stored.file_id] = stored
        return stored

    def record_sent(self, bot: BotState, log: ChatLog, sent: SentMessage) -> dict:
        log.sent[sent.message_id] = sent
        self.sent_changed.notify()
        return self.message_object(bot, log, sent)

    def message_object(self, bot: BotState, log: ChatLog, sent: SentMessage) -> dict:
        message = sent.to_message(bot.user, log.chat)
        if sent.reply_to_message_id is not None:
            replied = log.message(sent.reply_to_message_id, bot.user)
            if replied:
                message["reply_to_message"] = replied
        return message

    def check_flood(self, bot: BotState, log: ChatLog) -> None:
        """Before a message is sent or edited: an outage switched on, then flood control, may refuse it."""
        self.faults.check()
        if self.flood is not None:
            self.flood.check(bot.token, log.chat["id"], log.chat["type"] != "private")


def _extension(filename: str | None) -> str:
    if filename and "." in filename:
        return "." + re.sub(r"[^A-Za-z0-9]", "", filename.rsplit(".", 1)[1])[:8]
    return ""
