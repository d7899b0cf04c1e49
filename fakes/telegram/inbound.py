"""What users do to a bot: messages, button presses, shared contacts, blocking.

Each action becomes an Update queued for getUpdates or the webhook. Mistakes in a test's
script (unknown user, a button that is not on the message) raise ValueError.
"""

from __future__ import annotations

import copy
import time

from .formatting import command_entities
from .media import check_photo
from .keyboards import callback_data
from .state import BotState, ChatLog
from .world import World


def inject_message(world: World, token: str, user_id: int, text: str | None = None,
                   chat_id: int | None = None, photo: bytes | None = None,
                   document: tuple[str, bytes, str] | None = None, caption: str | None = None,
                   contact: dict | None = None, voice: tuple[bytes, int] | None = None,
                   audio: tuple[str, bytes, int] | None = None) -> dict:
    """Update with a message from `user_id`, in their private chat unless `chat_id` is given. A voice note is
    (OGG/Opus bytes, seconds), as the app records it; a sound file is (file name, bytes, seconds)."""
    bot = world.bot(token)
    user = world.user(user_id)
    if text is None and photo is None and document is None and contact is None and voice is None and audio is None:
        raise ValueError("a message needs text, photo, document, voice, audio or contact")
    log = _chat_of(world, bot, user_id, chat_id)
    message = {"message_id": log.next_message_id(), "from": user, "chat": log.chat, "date": world.now()}
    message.update(_content(world, bot, text, photo, document, caption, contact))
    message.update(_sound(world, bot, voice, audio))
    log.received[message["message_id"]] = message
    return _enqueue(bot, {"message": message})


def _chat_of(world: World, bot: BotState, user_id: int, chat_id: int | None) -> ChatLog:
    if chat_id is None or chat_id == user_id:
        if user_id in bot.blocked:
            unblock(world, bot.token, user_id)  # writing to a blocked bot means unblocking it
        bot.started.add(user_id)
        bot.seen.add(user_id)
        return world.chat_log(bot, user_id)
    group = world.group(chat_id)
    if not group.has_bot(bot.token):
        raise ValueError(f"bot {bot.id} is not a member of group {chat_id}")
    group.members.add(user_id)
    bot.seen.add(user_id)
    return world.chat_log(bot, chat_id)


def _sound(world: World, bot: BotState, voice, audio) -> dict:
    content: dict = {}
    if voice is not None:
        data, seconds = voice
        stored = world.store_file(bot, "voice", data, mime_type="audio/ogg", duration=seconds)
        content["voice"] = stored.as_voice()
    if audio is not None:
        filename, data, seconds = audio
        stored = world.store_file(bot, "audio", data, filename=filename, mime_type="audio/mpeg", duration=seconds)
        content["audio"] = stored.as_voice()
    return content


def _content(world: World, bot: BotState, text, photo, document, caption, contact) -> dict:
    content: dict = {}
    if text is not None:
        content["text"] = text
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
    if photo is not None:
        width, height = check_photo(photo)
        content["photo"] = world.store_file(bot, "photo", photo, width=width, height=height).as_photo()
    if document is not None:
        filename, data, mime_type = document
        stored = world.store_file(bot, "document", data, filename=filename, mime_type=mime_type)
        content["document"] = stored.as_document()
    if caption is not None:
        content["caption"] = caption
    if contact is not None:
        content["contact"] = contact
    return content


def share_contact(world: World, token: str, user_id: int, phone_number: str) -> dict:
    """Update with the user's own contact, as the "share my phone number" button sends it."""
    user = world.user(user_id)
    contact = {"phone_number": phone_number, "first_name": user["first_name"], "user_id": user_id}
    if user.get("last_name"):
        contact["last_name"] = user["last_name"]
    return inject_message(world, token, user_id, contact=contact)


def press_button(world: World, token: str, user_id: int, message_id: int, data: str,
                 chat_id: int | None = None) -> dict:
    """Update with a callback_query for a button currently on one of the bot's messages."""
    bot = world.bot(token)
    user = world.user(user_id)
    log = world.chat_log(bot, user_id if chat_id is None else chat_id)
    sent = log.sent.get(message_id)
    if sent is None:
        raise ValueError(f"the bot sent no message {message_id} in chat {log.chat['id']}")
    if data not in callback_data(sent.reply_markup):
        offered = sorted(callback_data(sent.reply_markup))
        raise ValueError(f"message {message_id} has no button with callback_data {data!r}; it has {offered}")
    bot.seen.add(user_id)
    query_id = str(4_000_000_000_000_000 + world.serial())
    bot.callbacks[query_id] = time.monotonic() + world.callback_ttl
    query = {
        "id": query_id, "from": user, "message": sent.to_message(bot.user, log.chat),
        "chat_instance": str(abs(hash((bot.id, log.chat["id"]))) % 10**18), "data": data,
    }
    return _enqueue(bot, {"callback_query": query})


def block(world: World, token: str, user_id: int) -> dict | None:
    """The user blocks the bot: sends fail with 403 and the bot gets a my_chat_member update."""
    bot = world.bot(token)
    if user_id in bot.blocked:
        return None
    bot.blocked.add(user_id)
    return _enqueue(bot, _member_change(world, bot, user_id, "member", "kicked"))


def unblock(world: World, token: str, user_id: int) -> dict | None:
    bot = world.bot(token)
    if user_id not in bot.blocked:
        return None
    bot.blocked.discard(user_id)
    return _enqueue(bot, _member_change(world, bot, user_id, "kicked", "member"))


def _member_change(world: World, bot: BotState, user_id: int, old: str, new: str) -> dict:
    def member(status: str) -> dict:
        extra = {"until_date": 0} if status == "kicked" else {}
        return {"status": status, "user": bot.user, **extra}

    update = {
        "chat": world.chat_log(bot, user_id).chat, "from": world.user(user_id),
        "date": world.now(), "old_chat_member": member(old), "new_chat_member": member(new),
    }
    return {"my_chat_member": update}


def inject_raw(world: World, token: str, update: dict) -> dict:
    """Queue any update as given; an update_id already used is delivered again as is."""
    return _enqueue(world.bot(token), copy.deepcopy(update))


def _enqueue(bot: BotState, update: dict) -> dict:
    return bot.updates.push(update)
