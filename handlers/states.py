"""Conversation states, stored in PostgreSQL per (bot, chat)."""
from enum import StrEnum


class State(StrEnum):
    IDLE = "idle"
    CONSENT = "onboarding.consent"
    NAME = "onboarding.name"
    COMMUNE = "onboarding.commune"
    VILLAGE = "onboarding.village"
    PHONE = "onboarding.phone"
    FIX_NAME = "mydata.name"
    ASK_SESSION = "ask.session"
    ASK_TOPIC = "ask.topic"
    ASK_TEXT = "ask.text"
    ASK_REVIEW = "ask.review"
    STAFF_ANSWER = "staff.answer"
    STAFF_DECLINE = "staff.decline"
    STAFF_FORWARD = "staff.forward"
    STAFF_MERGE = "staff.merge"
