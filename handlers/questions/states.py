"""Conversation states of asking, of staff typing an answer or a reason, and of proxy intake (stored strings: never
change them)."""
from enum import StrEnum


class State(StrEnum):
    ASK_SESSION = "ask.session"
    ASK_TOPIC = "ask.topic"
    ASK_TEXT = "ask.text"
    ASK_REVIEW = "ask.review"
    STAFF_ANSWER = "staff.answer"
    STAFF_DECLINE = "staff.decline"
    STAFF_FORWARD = "staff.forward"
    STAFF_MERGE = "staff.merge"
    PROXY_NAME = "proxy.name"
    PROXY_CONSENT = "proxy.consent"
    PROXY_TOPIC = "proxy.topic"
    PROXY_TEXT = "proxy.text"
    GATHER_SOURCE = "gather.source"
    GATHER_TOPIC = "gather.topic"
    GATHER_TEXT = "gather.text"
    VOICE_FIX = "voice.fix"  # the asker types what their voice question said
