"""The channel parsers take any body the network hands them: odd shapes are ignored, never an exception."""
from __future__ import annotations

import pytest

from bot.zalo.parse import parse_bot_update, parse_oa_event, unwrap
from handlers.conversation.events import AttachmentSent, TextMessage, Unsupported


def bot_update(message: object, event_name: object = "message.text.received") -> dict:
    return {"event_name": event_name, "message": message}


@pytest.mark.parametrize("message", [
    {"from": "x", "chat": {"id": "1"}, "text": "hi"},
    {"from": {"id": ["a"]}, "chat": {"id": "1"}},
    {"from": {"id": "1"}, "chat": [1, 2]},
    {"from": {"id": "1" * 65}, "chat": {"id": "1"}},
    {"from": {"id": "1"}, "chat": {"id": "a\nb"}},
    {"from": {"id": None}, "chat": {"id": None}},
])
def test_a_bot_platform_update_without_usable_ids_is_ignored(message):
    assert parse_bot_update(bot_update(message), "b") is None


def test_odd_field_types_in_a_bot_platform_update_become_plain_text_or_are_dropped():
    message = {"from": {"id": 42, "display_name": {"x": 1}}, "chat": {"id": 42, "chat_type": ["GROUP"]},
               "text": {"not": "text"}, "message_id": "m" * 500}
    event = parse_bot_update(bot_update(message), "b")
    assert isinstance(event, TextMessage) and event.text == "" and event.sender_name == ""
    assert len(event.update_id) <= 64 and event.ref.chat_id == "42"
    assert event.ref.is_group  # an unreadable chat type is taken as a group: no account is bound to it
    again = parse_bot_update(bot_update(message), "b")
    assert again.update_id == event.update_id  # a replay is still recognised
    image = parse_bot_update(bot_update({**message, "photo_url": "javascript:alert(1)"}, "message.image.received"),
                             "b")
    assert isinstance(image, Unsupported)
    assert isinstance(parse_bot_update(bot_update(message, ["x"]), "b"), Unsupported)


@pytest.mark.parametrize("body", [None, [], "x", 1, {"event_name": ["user_send_text"]}, {"sender": "x"},
                                  {"event_name": "user_send_text", "sender": {"id": {"a": 1}}},
                                  {"event_name": "user_send_image", "sender": {"id": "9"},
                                   "message": {"attachments": {"payload": "x"}}}])
def test_an_oa_event_of_any_shape_is_ignored_or_read_without_error(body):
    event = parse_oa_event(body, "oa")
    assert event is None or isinstance(event, Unsupported)


def test_an_oa_photo_with_a_usable_address_is_an_attachment():
    body = {"event_name": "user_send_image", "sender": {"id": "9"}, "timestamp": "1" * 100,
            "message": {"attachments": [{"payload": {"url": "https://f.zalo.me/p.jpg"}}], "text": 5}}
    event = parse_oa_event(body, "oa")
    assert isinstance(event, AttachmentSent) and event.attachment.file_id == "https://f.zalo.me/p.jpg"
    assert event.caption == "5" and len(event.update_id) <= 64


@pytest.mark.parametrize("body", [None, [], "x", {"result": None}, {"result": {"message": "x"}}])
def test_unwrap_refuses_what_is_not_an_update(body):
    assert unwrap(body) is None
