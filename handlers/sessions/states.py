"""Conversation states of planning a session and starting a petition (stored strings: never change them)."""
from enum import StrEnum


class State(StrEnum):
    PLAN_KIND = "plan.kind"
    PLAN_THEME = "plan.theme"
    PLAN_WHEN = "plan.when"
    PLAN_VENUE = "plan.venue"
    PLAN_VILLAGES = "plan.villages"
    PLAN_INTAKE = "plan.intake"
    PLAN_COORGANISERS = "plan.coorganisers"
    PLAN_OVERRIDE = "plan.override"
    PETITION_THEME = "petition.theme"
    PETITION_AGREE = "petition.agree"  # a new request's theme typed: the signer's consent is asked
