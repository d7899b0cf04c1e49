"""Conversation states of registering and correcting one's data (stored strings: never change them)."""
from enum import StrEnum


class State(StrEnum):
    CONSENT = "onboarding.consent"
    NAME = "onboarding.name"
    COMMUNE = "onboarding.commune"
    VILLAGE = "onboarding.village"
    PHONE = "onboarding.phone"
    FIX_NAME = "mydata.name"
    TRANSFER = "onboarding.transfer"
    FIX_PHONE = "mydata.phone"
