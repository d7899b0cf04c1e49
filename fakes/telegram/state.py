"""What the fake Telegram remembers: bots, users, groups, chats, messages and files."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .updates import UpdateQueue


@dataclass
class StoredFile:
    """A file a bot sent or received; `file_path` is where getFile lets it be downloaded."""

    file_id: str
    file_unique_id: str
    kind: str  # "photo" | "document" | "voice" | "audio"
    data: bytes
    file_path: str
    filename: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0
    duration: int = 0  # seconds, for a voice note or a sound file

    def as_photo(self) -> list[dict]:
        size = {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                "file_size": len(self.data), "width": self.width, "height": self.height}
        return [size]

    def as_document(self) -> dict:
        document = {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                    "file_size": len(self.data)}
        if self.filename:
            document["file_name"] = self.filename
        if self.mime_type:
            document["mime_type"] = self.mime_type
        return document

    def as_voice(self) -> dict:
        """The Bot API's Voice (or Audio) object: duration is required, mime_type and file_size optional."""
        voice = {"file_id": self.file_id, "file_unique_id": self.file_unique_id, "duration": self.duration,
                 "file_size": len(self.data)}
        if self.mime_type:
            voice["mime_type"] = self.mime_type
        if self.kind == "audio" and self.filename:
            voice["file_name"] = self.filename
        return voice

    def as_file(self) -> dict:
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                "file_size": len(self.data), "file_path": self.file_path}


@dataclass
class SentMessage:
    """A message a bot sent, as it is now (edits and pins update it in place)."""

    message_id: int
    chat_id: int
    text: str | None  # rendered plain text (or caption), tags stripped, entities decoded
    raw_text: str | None  # exactly what the bot sent
    parse_mode: str | None
    reply_markup: dict | None
    kind: str  # "text" | "photo" | "document"
    date: int
    entities: list[dict] = field(default_factory=list)
    file_bytes: bytes | None = None
    filename: str | None = None
    file_id: str | None = None
    edited: int = 0
    edit_date: int | None = None
    pinned: bool = False
    reply_to_message_id: int | None = None
    file: StoredFile | None = field(default=None, repr=False)
    accepted_at: float = field(default_factory=time.monotonic, repr=False)  # when the call was taken (benchmarks)

    def to_message(self, bot_user: dict, chat: dict) -> dict:
        """The Telegram Message object for this message."""
        message = {"message_id": self.message_id, "from": bot_user, "chat": chat, "date": self.date}
        if self.edit_date:
            message["edit_date"] = self.edit_date
        body_key = "text" if self.kind == "text" else "caption"
        if self.text is not None:
            message[body_key] = self.text
        if self.entities:
            message["entities" if self.kind == "text" else "caption_entities"] = self.entities
        if self.file and self.kind == "photo":
            message["photo"] = self.file.as_photo()
        elif self.file and self.kind in ("voice", "audio"):
            message[self.kind] = self.file.as_voice()
        elif self.file:
            message["document"] = self.file.as_document()
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            message["reply_markup"] = self.reply_markup
        return message


@dataclass
class ChatLog:
    """One chat as seen by one bot: message ids, the bot's messages, the users' messages."""

    chat: dict
    last_message_id: int = 0
    sent: dict[int, SentMessage] = field(default_factory=dict)
    received: dict[int, dict] = field(default_factory=dict)

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id

    def message(self, message_id: int, bot_user: dict) -> dict | None:
        if message_id in self.sent:
            return self.sent[message_id].to_message(bot_user, self.chat)
        return self.received.get(message_id)


@dataclass
class Group:
    """A group chat; `bots` None means every bot is a member."""

    chat_id: int
    title: str
    members: set[int] = field(default_factory=set)
    bot_is_admin: bool = False
    bots: set[str] | None = None
    migrated_to: int | None = None  # a group upgraded to a supergroup answers with its new id

    @property
    def type(self) -> str:
        return "supergroup" if str(self.chat_id).startswith("-100") else "group"

    def chat(self) -> dict:
        return {"id": self.chat_id, "type": self.type, "title": self.title}

    def has_bot(self, token: str) -> bool:
        return self.bots is None or token in self.bots


@dataclass
class Webhook:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class BotState:
    """Everything one bot token owns."""

    token: str
    user: dict
    updates: UpdateQueue = field(default_factory=UpdateQueue)
    chats: dict[int, ChatLog] = field(default_factory=dict)
    started: set[int] = field(default_factory=set)  # users who opened a private chat
    seen: set[int] = field(default_factory=set)  # users the bot met anywhere
    blocked: set[int] = field(default_factory=set)
    webhook: Webhook | None = None
    commands: dict[tuple, list[dict]] = field(default_factory=dict)
    menu_buttons: dict[int | None, dict] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    callbacks: dict[str, float] = field(default_factory=dict)  # query id -> answer deadline
    poller: int = 0  # bumps on each getUpdates; an older long poll then ends with 409

    @property
    def id(self) -> int:
        return self.user["id"]


def user_object(user_id: int, first_name: str, last_name: str | None = None,
                username: str | None = None, language_code: str | None = None) -> dict:
    user = {"id": user_id, "is_bot": False, "first_name": first_name}
    for key, value in (("last_name", last_name), ("username", username),
                       ("language_code", language_code)):
        if value:
            user[key] = value
    return user


def private_chat(user: dict) -> dict:
    chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if user.get(key):
            chat[key] = user[key]
    return chat
