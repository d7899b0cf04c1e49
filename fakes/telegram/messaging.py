"""Bot API methods that send, edit and pin messages or answer button presses."""

from __future__ import annotations

import time

from .errors import bad_request
from .formatting import render
from .keyboards import check_reply_markup
from .media import resolve_file
from .spec import Call
from .state import BotState, ChatLog, SentMessage
from .world import World

MAX_TEXT = 4096  # after entity parsing, counted with len() (code points)
MAX_CAPTION = 1024
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
}
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


async def send_message(world: World, bot: BotState, call: Call) -> dict:
    markup = _markup(call)
    log = world.target_chat(bot, call["chat_id"])
    text, entities = message_text(call)
    reply_to = _reply_to(log, call)
    world.check_flood(bot, log)
    sent = SentMessage(
        message_id=log.next_message_id(), chat_id=log.chat["id"], text=text,
        raw_text=call["text"], parse_mode=call.get("parse_mode"), reply_markup=markup,
        kind="text", date=world.now(), entities=entities, reply_to_message_id=reply_to,
    )
    return world.record_sent(bot, log, sent)


async def send_photo(world: World, bot: BotState, call: Call) -> dict:
    return _send_file(world, bot, call, "photo")


async def send_document(world: World, bot: BotState, call: Call) -> dict:
    return _send_file(world, bot, call, "document")


async def send_voice(world: World, bot: BotState, call: Call) -> dict:
    return _send_file(world, bot, call, "voice")


async def send_audio(world: World, bot: BotState, call: Call) -> dict:
    return _send_file(world, bot, call, "audio")


def _send_file(world: World, bot: BotState, call: Call, kind: str) -> dict:
    markup = _markup(call)
    log = world.target_chat(bot, call["chat_id"])
    caption, entities = caption_text(call)
    reply_to = _reply_to(log, call)
    stored = resolve_file(world, bot, call[kind], kind, call.uploads)
    world.check_flood(bot, log)
    sent = SentMessage(
        message_id=log.next_message_id(), chat_id=log.chat["id"], text=caption,
        raw_text=call.get("caption"), parse_mode=call.get("parse_mode"), reply_markup=markup,
        kind=kind, date=world.now(), entities=entities, file_bytes=stored.data,
        filename=stored.filename, file_id=stored.file_id, reply_to_message_id=reply_to,
        file=stored,
    )
    return world.record_sent(bot, log, sent)


async def edit_message_text(world: World, bot: BotState, call: Call) -> dict:
    log, sent = _message_to_edit(world, bot, call)
    if sent.kind != "text":
        raise bad_request("there is no text in the message to edit")
    text, entities = message_text(call)
    markup = _markup(call, inline_only=True)
    world.faults.check()
    new_markup = markup if markup is not None or _is_inline(sent.reply_markup) else sent.reply_markup
    if (text, entities, new_markup) == (sent.text, sent.entities, sent.reply_markup):
        raise bad_request(NOT_MODIFIED)
    sent.text, sent.entities, sent.reply_markup = text, entities, new_markup
    sent.raw_text, sent.parse_mode = call["text"], call.get("parse_mode")
    return _edited(world, bot, log, sent)


async def edit_message_reply_markup(world: World, bot: BotState, call: Call) -> dict:
    log, sent = _message_to_edit(world, bot, call)
    markup = _markup(call, inline_only=True)
    current = sent.reply_markup if _is_inline(sent.reply_markup) else None
    if markup == current:
        raise bad_request(NOT_MODIFIED)
    sent.reply_markup = markup
    return _edited(world, bot, log, sent)


def _edited(world: World, bot: BotState, log: ChatLog, sent: SentMessage) -> dict:
    sent.edited += 1
    sent.edit_date = world.now()
    world.sent_changed.notify()
    return world.message_object(bot, log, sent)


def _message_to_edit(world: World, bot: BotState, call: Call) -> tuple[ChatLog, SentMessage]:
    if call.get("inline_message_id") is not None:
        raise bad_request("MESSAGE_ID_INVALID")  # this fake has no inline messages
    if call.get("chat_id") is None:
        raise bad_request("chat_id is empty")
    if call.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    log = world.target_chat(bot, call["chat_id"])
    sent = log.sent.get(call["message_id"])
    if sent is None:
        if call["message_id"] in log.received:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return log, sent


async def pin_chat_message(world: World, bot: BotState, call: Call) -> bool:
    log = world.target_chat(bot, call["chat_id"])
    if log.chat["type"] != "private" and not world.groups[log.chat["id"]].bot_is_admin:
        raise bad_request("not enough rights to manage pinned messages in the chat")
    message_id = call["message_id"]
    if message_id not in log.sent and message_id not in log.received:
        raise bad_request("message to pin not found")
    if message_id in log.sent:
        log.sent[message_id].pinned = True
    log.next_message_id()  # the "pinned a message" service message takes an id
    world.sent_changed.notify()
    return True


async def send_chat_action(world: World, bot: BotState, call: Call) -> bool:
    log = world.target_chat(bot, call["chat_id"])
    if call["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    world.chat_actions.append({"token": bot.token, "chat_id": log.chat["id"], "action": call["action"],
                               "messages_before": len(log.sent)})
    return True


async def answer_callback_query(world: World, bot: BotState, call: Call) -> bool:
    deadline = bot.callbacks.pop(call["callback_query_id"], None)
    if deadline is None or time.monotonic() > deadline:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    answer = {"token": bot.token, **call.params}
    world.answered_callbacks.append(answer)
    return True


def message_text(call: Call) -> tuple[str, list]:
    """Rendered text and entities of a text message, checked like Telegram does."""
    if not call["text"].strip():
        raise bad_request("message text is empty")
    text, entities = render(call["text"], call.get("parse_mode"), call.get("entities"))
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text, entities


def caption_text(call: Call) -> tuple[str | None, list]:
    if call.get("caption") is None:
        return None, []
    caption, entities = render(call["caption"], call.get("parse_mode"), call.get("caption_entities"))
    if len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return caption, entities


def _markup(call: Call, inline_only: bool = False) -> dict | None:
    markup = call.get("reply_markup")
    if markup is None:
        return None
    return check_reply_markup(markup, inline_only)


def _is_inline(markup: dict | None) -> bool:
    return bool(markup) and "inline_keyboard" in markup


def _reply_to(log: ChatLog, call: Call) -> int | None:
    parameters = call.get("reply_parameters")
    if not parameters or parameters.get("message_id") is None:
        return None
    message_id = parameters["message_id"]
    if message_id in log.sent or message_id in log.received:
        return message_id
    if parameters.get("allow_sending_without_reply"):
        return None
    raise bad_request("message to be replied not found")


HANDLERS = {
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendVoice": send_voice,
    "sendAudio": send_audio,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "pinChatMessage": pin_chat_message,
    "sendChatAction": send_chat_action,
    "answerCallbackQuery": answer_callback_query,
}
