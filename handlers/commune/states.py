"""Conversation states of the commune feature (stored strings: never change them)."""
from enum import StrEnum


class State(StrEnum):
    POLICY_VALUE = "policy.value"
