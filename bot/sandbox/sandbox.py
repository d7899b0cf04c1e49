"""The sandbox's people: personas on the local Bot API server, kept in step with the database."""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from bot.admin import AdminError, invite_staff
from bot.sandbox.demo import COMMUNE_CODE, SANDBOX_BOT_ID, SANDBOX_BOT_USERNAME, SANDBOX_TOKEN
from bot.sandbox.personas import (Persona, VillageGroup, creation_options, group_members, load_personas,
                                  load_village_groups)
from bot.sandbox.views import chat_view, commands_for
from fakes.telegram import FakeTelegram
from handlers.conversation.access import Role
from handlers.conversation.i18n import pick_language
from storage.db import Database

FIRST_NEW_USER_ID = 920001


class SandboxError(ValueError):
    """A request the page should not have made (unknown persona, chat it is not in)."""


@dataclass
class Sandbox:
    fake: FakeTelegram
    database: Database
    token: str = SANDBOX_TOKEN
    personas: dict[int, Persona] = field(default_factory=dict)
    groups: list[VillageGroup] = field(default_factory=list)

    async def sync(self) -> None:
        """Bring the fake's users and village groups in line with the database."""
        known = await load_personas(self.database, SANDBOX_BOT_ID)
        for user_id, persona in known.items():
            persona.name = persona.name or self._fake_name(user_id)
            if user_id not in self.fake.world.users:
                self.fake.user(user_id, persona.name, language_code=persona.language)
        for user_id, user in self.fake.world.users.items():  # created on the page, not yet seen by the bot
            known.setdefault(user_id, Persona(user_id, user["first_name"], user.get("language_code") or "vi"))
        self.fake.world.bot(self.token).started.update(known)  # the bot may write to everyone it knows
        self.personas = known
        self.groups = await load_village_groups(self.database)
        for group in self.groups:
            members = group_members(group, known)
            existing = self.fake.world.groups.get(group.chat_id)
            if existing is None:
                self.fake.group(group.chat_id, group.title, members)
            else:
                existing.members |= members

    def _fake_name(self, user_id: int) -> str:
        user = self.fake.world.users.get(user_id)
        return user["first_name"] if user else str(user_id)

    def persona(self, user_id: int) -> Persona:
        if user_id not in self.personas:
            raise SandboxError(f"unknown persona {user_id}")
        return self.personas[user_id]

    def chats_of(self, user_id: int) -> list[dict]:
        """The persona's chats: the bot first, then the village groups they are in."""
        self.persona(user_id)
        chats = [{"id": user_id, "kind": "bot", "title": ""}]
        for group in self.groups:
            if user_id in self.fake.world.groups[group.chat_id].members:
                chats.append({"id": group.chat_id, "kind": "group", "title": group.title})
        return chats

    def _check_chat(self, user_id: int, chat_id: int) -> None:
        if chat_id not in {chat["id"] for chat in self.chats_of(user_id)}:
            raise SandboxError(f"persona {user_id} is not in chat {chat_id}")

    def chat(self, user_id: int, chat_id: int) -> dict:
        self._check_chat(user_id, chat_id)
        view = chat_view(self.fake, self.token, chat_id, user_id)
        private = chat_id == user_id
        view["commands"] = commands_for(self.fake, self.token, chat_id, self.persona(user_id).language) \
            if private and chat_id in self.fake.world.bot(self.token).chats else []
        return view

    # --- what the persona does ---------------------------------------------------------------

    def send_text(self, user_id: int, chat_id: int, text: str) -> None:
        self._check_chat(user_id, chat_id)
        if not text.strip():
            raise SandboxError("empty message")
        self.fake.inject_message(self.token, user_id, text, chat_id=chat_id)

    def press(self, user_id: int, chat_id: int, message_id: int, data: str) -> None:
        self._check_chat(user_id, chat_id)
        self.fake.press_button(self.token, user_id, message_id, data, chat_id=chat_id)

    def share_contact(self, user_id: int) -> None:
        self.persona(user_id)
        self.fake.share_contact(self.token, user_id, f"+8490{user_id % 10_000_000:07d}")

    def send_photo(self, user_id: int, chat_id: int, photo_base64: str, caption: str = "") -> None:
        self._check_chat(user_id, chat_id)
        try:
            photo = base64.b64decode(photo_base64, validate=True)
        except (binascii.Error, ValueError):
            raise SandboxError("the photo is not base64") from None
        self.fake.inject_message(self.token, user_id, chat_id=chat_id, photo=photo, caption=caption or None)

    def file(self, file_id: str) -> tuple[bytes, str]:
        stored = self.fake.world.bot(self.token).files.get(file_id)
        if stored is None:
            raise SandboxError("unknown file")
        return stored.data, stored.mime_type or ("image/jpeg" if stored.kind == "photo" else "application/octet-stream")

    # --- new personas -------------------------------------------------------------------------

    async def create_persona(self, name: str, role: str, language: str, village: str = "",
                             department: str = "") -> int:
        """A new Telegram user who opens the bot: a resident with /start, staff with an invite link."""
        name = " ".join(name.split())[:60]
        if not name:
            raise SandboxError("a persona needs a name")
        payload = ""
        if role != "resident":
            if role not in {r.value for r in Role}:
                raise SandboxError(f"unknown role {role!r}")
            try:
                commune_code = (await self.options())["commune_code"] or COMMUNE_CODE
                link = await invite_staff(self.database, commune_code, role, department or None,
                                          village or None, SANDBOX_BOT_USERNAME)
            except AdminError as error:
                raise SandboxError(str(error)) from None
            payload = " " + link.partition("start=")[2]
        user_id = max([FIRST_NEW_USER_ID - 1, *self.fake.world.users]) + 1
        self.fake.user(user_id, name, language_code=pick_language(language))
        self.personas[user_id] = Persona(user_id, name, pick_language(language))
        self.fake.inject_message(self.token, user_id, "/start" + payload)
        return user_id

    async def options(self) -> dict:
        return await creation_options(self.database)
