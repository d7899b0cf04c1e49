"""Words of preparing a session: each step's name and owner, its status, the checklist, the pre-session report and
the buttons on the session card. Pure."""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from handlers.commune.topics import topic_label
from handlers.conversation.i18n import N_, Translator
from handlers.conversation.replies import Button
from handlers.preparation.buttons import PREPARE
from handlers.preparation.rules import Status, Step

NAMES = {Step.CONSOLIDATE: N_("Consolidate the residents' questions"),
         Step.REVIEW: N_("Review petitions and complaints unresolved since 1 January"),
         Step.ANSWERS: N_("Departments prepare their answers"),
         Step.REPORT: N_("Report to the Party committee and People's Council")}
SHORT = {Step.CONSOLIDATE: N_("Questions consolidated"), Step.REVIEW: N_("Open petitions reviewed")}  # buttons
OWNERS = {Step.CONSOLIDATE: N_("secretary or support team"), Step.REVIEW: N_("secretary"),
          Step.ANSWERS: N_("department officers"), Step.REPORT: N_("chairperson")}
STATUSES = {Status.DONE: N_("✅ done"), Status.WAITING: N_("⏳ to do"), Status.DUE: N_("⚠️ due today"),
            Status.OVERDUE: N_("❗ overdue")}
KINDS = {"question": N_("petitions and questions"), "complaint": N_("complaints"),
         "denunciation": N_("denunciations")}
MAX_CODES = 40


def step_name(step: str, t: Translator) -> str:
    return t(NAMES[Step(step)])


def done_label(step: Step, t: Translator) -> str:
    """The button an owner presses when their step is done."""
    return t("✅ Done: {step}").format(step=t(SHORT[step]))


def step_line(number: int, step: Step, due: date, status: Status, t: Translator, extra: str = "") -> str:
    """ "1. Consolidate … — secretary or support team; no later than 20/11/2026: ⏳ to do" """
    line = t("{n}. {step} — {owner}; no later than {due}: {status}").format(
        n=number, step=t(NAMES[step]), owner=t(OWNERS[step]), due=t.date(due), status=t(STATUSES[status]))
    return line + (f" ({extra})" if extra else "")


def counts_by(counts: list[tuple[str, int | None, int]], names: dict[int, str], t: Translator) -> list[str]:
    """Questions by field and by village: counts only, never who asked."""
    by_topic, by_village = Counter(), Counter()
    for topic, village_id, n in counts:
        by_topic[topic_label(topic, t)] += n
        by_village[names.get(village_id, t("no village"))] += n
    return ([t("By field:")] + [f"• {k}: {v}" for k, v in sorted(by_topic.items())]
            + [t("By village:")] + [f"• {k}: {v}" for k, v in sorted(by_village.items())])


def report_text(session: Any, title: str, counts: list[tuple[str, int | None, int]], names: dict[int, str],
                t: Translator) -> str:
    """The short pre-session report to the People's Council and the Party committee."""
    total = sum(n for _, _, n in counts)
    lines = [t("Pre-session report: {title}, {when}.").format(title=title, when=t.datetime(session.starts_at)),
             t("Questions from residents so far: {n}.").format(n=total)]
    return "\n".join(lines + (counts_by(counts, names, t) if total else []))


def review_text(rows: list[tuple[str, str]], since: date, t: Translator) -> str:
    """The commune's submissions still open since 1 January: counts by kind and their ticket codes."""
    if not rows:
        return t("No petition, complaint or question received since {since} is still open.").format(
            since=t.date(since))
    by_kind = Counter(kind for kind, _ in rows)
    lines = [t("Still open since {since}: {n}.").format(since=t.date(since), n=len(rows))]
    lines += [f"• {t(KINDS.get(kind, kind))}: {n}" for kind, n in sorted(by_kind.items())]
    codes = [code for _, code in rows]
    shown = ", ".join(codes[:MAX_CODES])
    lines.append(t("Tickets: {codes}").format(codes=shown) + (" …" if len(codes) > MAX_CODES else ""))
    return "\n".join(lines)


def prepare_buttons(session: Any, t: Translator) -> list[list[Button]]:
    """The session card's way to its preparation checklist, while the session is still to come."""
    if session.state not in ("announced", "intake_closed"):
        return []
    return [[Button(t("📋 Preparation"), PREPARE.build(verb="open", id=session.id))]]
