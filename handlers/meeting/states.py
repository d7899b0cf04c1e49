"""Conversation states of the meeting (stored strings: never change them)."""
from enum import StrEnum


class State(StrEnum):
    SPEAK_TEXT = "speak.text"
    ATTENDANCE = "meeting.attendance"  # staff type how many people attended
    SPEAK_AGREE = "speak.agree"  # the speaker's consent to their name being called, asked first
