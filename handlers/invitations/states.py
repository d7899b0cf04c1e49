"""Conversation states of invitations (stored strings: never change them)."""
from enum import StrEnum


class State(StrEnum):
    GUEST = "invitations.guest"  # the secretary types a guest: name, title
    PROPOSAL = "invitations.proposal"  # the Fatherland Front types a guest it proposes
