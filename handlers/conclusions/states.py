"""Conversation states after the session (stored strings: never change them)."""
from enum import StrEnum


class State(StrEnum):
    CONCLUSION_TEXT = "conclusion.text"
    FEEDBACK_COMMENT = "feedback.comment"
