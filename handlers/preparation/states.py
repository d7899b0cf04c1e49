"""Conversation states of preparing a session (stored strings: never change them)."""
from enum import StrEnum


class State(StrEnum):
    ANSWER = "prepare.answer"  # an officer types the prepared answer to a question
