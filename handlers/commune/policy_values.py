"""What each per-commune policy value means and which values are allowed: a label, a unit and bounds per key.
Pure. Generic over every key in `policy.DEFAULTS`: a key with no entry here gets its kind from its default (a whole
number, a time of day, or text), so keys other features add are listed and checked without touching this module.

Bounds carry the law: where a law sets a maximum (10 working days to acknowledge a petition) or a minimum (7 days'
notice), a value beyond it is refused with the basis named, since a commune may be stricter than the law, not laxer."""
from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.commune.policy import DEFAULTS
from handlers.conversation.i18n import N_, Translator
from handlers.conversation.text import fold

MAX_TEXT = 200  # commune_policy.value
MAX_BASIS = 300
_TIME = re.compile(r"^([01]?\d|2[0-3])[:hg]([0-5]\d)$")
_WHOLE = re.compile(r"^[0-9]{1,9}$")
_GROUPED = re.compile(r"^[0-9]{1,3}([.,][0-9]{3})+$")


@dataclass(frozen=True)
class Spec:
    """A policy key's meaning (a msgid), unit (a msgid; "" for none) and, for numbers, the allowed range."""

    label: str
    unit: str = ""
    kind: str = "int"  # int | time | text | choice
    low: int = 0
    high: int = 100_000
    options: tuple[str, ...] = ()  # for a choice: the values allowed


_DAYS, _WORKING_DAYS = N_("days"), N_("working days")
# a choice is typed as its code or its words in the staffer's language
CHOICE_WORDS = {"chair": N_("chairperson"), "secretary": N_("secretary"),
                "tm": N_("on behalf of the committee (TM.)"), "tl": N_("by order of the chair (TL.)")}
SPECS: dict[str, Spec] = {
    "session.lead_days_min": Spec(N_("Announce a session at least"), _DAYS, low=7, high=90),
    "session.lead_days_warn": Spec(N_("Warn when a session is announced less than"), _DAYS, low=7,
                                   high=90),
    "session.intake_close_days": Spec(N_("Stop taking questions before the session"), _DAYS,
                                      high=60),
    "reminder.residents_days_before": Spec(N_("Remind residents before the session"), _DAYS,
                                           high=30),
    "reminder.residents_time": Spec(N_("Time of day the reminders are sent"), kind="time"),
    "deadline.conclusion_notice_wd": Spec(N_("Publish the conclusion notice within"), _WORKING_DAYS, low=1, high=30),
    "deadline.written_answer_wd": Spec(N_("Answer in writing within"), _WORKING_DAYS, low=1, high=30),
    "deadline.complex_answer_wd": Spec(N_("Answer a complex matter within (at most 30)"), _WORKING_DAYS, low=1,
                                       high=30),
    "deadline.petition_ack_wd": Spec(N_("Tell the sender whether a submission is accepted within (at most 10)"),
                                     _WORKING_DAYS, low=1, high=10),
    "deadline.village_heads_days": Spec(N_("Send the results to the village heads within (at most 10)"), _DAYS,
                                        low=1, high=10),
    "reminder.due_wd_before": Spec(N_("Remind the department before a deadline"),
                                   _WORKING_DAYS, high=30),
    "similar.min_score": Spec(N_("How alike two questions must be to offer “me too” (0–100)"), low=0, high=100),
    "speaker.absent_recalls": Spec(N_("Times an absent speaker is called again"), high=10),
    "petition.voter_count": Spec(N_("Number of voters in the commune (for the 10% request threshold)"),
                                 N_("voters"), high=10_000_000),
    "petition.percent": Spec(N_("Share of voters whose request calls an extraordinary session (at most 10)"), "%",
                             low=1, high=10),
    # complaints and denunciations: the law's limits; a commune may be quicker, never slower, and never shorten the
    # time residents have to complain
    "complaint.limitation_days": Spec(N_("Time a resident has to complain after learning of a decision"), _DAYS,
                                      low=90, high=365),
    "complaint.accept_days": Spec(N_("Accept or refuse a complaint within (at most 10)"), _DAYS, low=1, high=10),
    "complaint.resolve_days": Spec(N_("Settle a complaint after accepting it within (at most 30)"), _DAYS, low=1,
                                   high=30),
    "complaint.resolve_complex_days": Spec(N_("Settle a complex complaint within (at most 45)"), _DAYS, low=1,
                                           high=45),
    "complaint.remote_area": Spec(N_("Remote area with the longer complaint limits (1 yes, 0 no)"), low=0, high=1),
    "complaint.resolve_remote_days": Spec(N_("Settle a complaint in a remote area within (at most 45)"), _DAYS,
                                          low=1, high=45),
    "complaint.resolve_remote_complex_days": Spec(N_("Settle a complex complaint in a remote area within (at most "
                                                     "60)"), _DAYS, low=1, high=60),
    "denunciation.identity_role": Spec(N_("Who may see a denouncer's identity (chair or secretary)"),
                                       kind="choice", options=("chair", "secretary")),
    "denunciation.accept_wd": Spec(N_("Accept or refuse a denunciation within (at most 7)"), _WORKING_DAYS, low=1,
                                   high=7),
    "denunciation.forward_wd": Spec(N_("Forward a denunciation outside the commune's competence within (at most 5)"),
                                    _WORKING_DAYS, low=1, high=5),
    "denunciation.resolve_days": Spec(N_("Settle a denunciation after accepting it within (at most 30)"), _DAYS,
                                      low=1, high=30),
    "denunciation.chair_body": Spec(N_("Who handles a denunciation of the commune chair"), kind="text"),
    "session.intake_window_min_days": Spec(N_("Warn when residents would have fewer days than this to send "
                                              "questions"), _DAYS, high=30),
    "document.notice_signature": Spec(N_("How the conclusion notice is signed"), kind="choice", options=("tm", "tl")),
    "session.periodic_per_year": Spec(N_("Periodic sessions each year (at least 1)"), low=1, high=12),
    "reminder.periodic_month": Spec(N_("Month from which a year without its periodic sessions is reminded"), low=1,
                                    high=12),
    "answer.written_document": Spec(N_("Written answers go out as numbered official letters (1 yes, 0 no)"), low=0,
                                    high=1),
    # preparing a session (issue 14): days before the session
    "prepare.consolidate_days": Spec(N_("Consolidate residents' questions before the session"), _DAYS, low=1,
                                     high=60),
    "prepare.review_days": Spec(N_("Review unresolved petitions and complaints before the session"), _DAYS, low=1,
                                high=60),
    "prepare.answers_wd": Spec(N_("Departments prepare their answers before the session"), _WORKING_DAYS, low=1,
                               high=30),
    "prepare.report_days": Spec(N_("Report to the Party committee and People's Council before the session"), _DAYS,
                                low=1, high=30),
    "prepare.remind_wd_before": Spec(N_("Remind whoever owns a preparation step before its last day"),
                                     _WORKING_DAYS, high=10),
    "voice.max_seconds": Spec(N_("Longest voice question"), N_("seconds"), low=10, high=1800),
}


def spec_of(key: str) -> Spec:
    """The key's spec; for a key without one, its kind read from its default and the key itself as the label."""
    if key in SPECS:
        return SPECS[key]
    default = DEFAULTS[key][0]
    kind = "int" if _WHOLE.match(default) else "time" if _TIME.match(default) else "text"
    return Spec(key, kind=kind)


def keys() -> list[str]:
    """Every policy key, in the order they were defined."""
    return list(DEFAULTS)


def label(key: str, t: Translator) -> str:
    return t(spec_of(key).label)


def shown(key: str, value: str, t: Translator) -> str:
    """A value with its unit: "7 ngày", "08:00"."""
    spec = spec_of(key)
    if spec.kind == "choice":
        return t(CHOICE_WORDS.get(value, value))
    unit = spec.unit
    if not unit:
        return value
    return value + unit if unit == "%" else f"{value} {t(unit)}"


def check(key: str, raw: str, t: Translator) -> tuple[str | None, str]:
    """(the value to store, "") or (None, why it is refused, in the person's language)."""
    spec, text = spec_of(key), " ".join(raw.split())
    if spec.kind == "time":
        match = _TIME.match(text)
        if not match:
            return None, t("Please type a time of day as hh:mm, for example 08:00.")
        return f"{int(match[1]):02d}:{match[2]}", ""
    if spec.kind == "choice":
        for option in spec.options:
            if fold(text) in {fold(option), fold(t(CHOICE_WORDS[option]))}:
                return option, ""
        return None, t("Please type one of: {options}.").format(
            options=", ".join(t(CHOICE_WORDS[o]) for o in spec.options))
    if spec.kind == "text":
        if not text or len(text) > MAX_TEXT:
            return None, t("Please type a value of 1 to {n} characters.").format(n=MAX_TEXT)
        return text, ""
    digits = re.sub(r"[.,]", "", text) if _GROUPED.match(text) else text  # "12.345" voters
    if not _WHOLE.match(digits):
        return None, t("Please type a whole number, for example {example}.").format(example=DEFAULTS[key][0])
    value = int(digits)
    if not spec.low <= value <= spec.high:
        return None, t("The value must be from {low} to {high}; the legal basis is: {basis}").format(
            low=spec.low, high=spec.high, basis=DEFAULTS[key][1])
    return str(value), ""


def check_basis(raw: str) -> str | None:
    """A basis a commune types (its plan's number and date, a law and article), or None when it is unusable."""
    text = " ".join(raw.split())
    return text if 0 < len(text) <= MAX_BASIS else None
