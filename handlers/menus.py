"""Command menus and the main keyboard, per role and language."""
from __future__ import annotations

from typing import Any

from handlers.i18n import LANGUAGES, Translator, translator
from handlers.permissions import Role, may_manage_staff, may_view_queue
from handlers.replies import CommandMenu
from handlers.text import fold


def resident_commands(t: Translator) -> tuple[tuple[str, str], ...]:
    return (
        ("ask", t("Ask a question")),
        ("mytickets", t("My questions and answers")),
        ("mydata", t("Your personal data")),
        ("sessions", t("Upcoming dialogue sessions")),
        ("notifications", t("Session announcements on or off")),
        ("language", t("Change language")),
        ("help", t("Help")),
        ("cancel", t("Cancel what you are doing")),
        ("link", t("Link your Telegram and Zalo accounts")),
        ("speak", t("Register to speak at a session")),
        ("petition", t("Ask for an extraordinary dialogue session")),
    )


def staff_commands(t: Translator) -> tuple[tuple[str, str], ...]:
    return (
        ("queue", t("Open questions, with filters")),
        ("q", t("One question by code, e.g. /q TT-0042")),
        ("newsession", t("Plan a dialogue session")),
        ("reach", t("Reach of a session's announcement, e.g. /reach 3")),
        ("conclude", t("Outcomes and conclusion of a session, e.g. /conclude 3")),
        ("due", t("Written answers you owe")),
        ("overdue", t("Overdue written answers")),
        ("report", t("A session's report, chart and documents, e.g. /report 3")),
        ("scorecard", t("The commune's scorecard")),
        ("dayoff", t("The commune's days off and extra working days")),
        ("next", t("Call the next speaker")),
        ("live", t("Questions sent during the session")),
        ("staff", t("The commune's staff: list, remove")),
    ) + resident_commands(t)


def front_commands(t: Translator) -> tuple[tuple[str, str], ...]:
    """The Fatherland Front follows petitions and the commune's record, not the question queue."""
    return (("scorecard", t("The commune's scorecard")),
            ("report", t("A session's report, chart and documents, e.g. /report 3"))) + resident_commands(t)


def menu_kind(roles: set[str]) -> str:
    if not roles & set(Role):
        return "resident"
    return "staff" if may_view_queue(roles) or may_manage_staff(roles) else "front"


def menu_for(roles: set[str], t: Translator) -> CommandMenu:
    commands = {"staff": staff_commands, "front": front_commands, "resident": resident_commands}[menu_kind(roles)]
    return CommandMenu(commands=commands(t))


def sync_menu(ctx: Any) -> str | None:
    """Give a private chat the menu its roles call for when it has another (a removed staffer's chat gets the
    residents' menu at their next update) and remember which one it was given; the kind, when it changed."""
    if ctx.event.ref.is_group:
        return None
    kind = menu_kind(ctx.roles)
    changed = ctx.account.menu != kind
    if ctx.menu is None and changed:
        ctx.menu = menu_for(ctx.roles, ctx.t)
    if ctx.menu is not None:
        ctx.account.menu = kind
    return kind if changed else None


def main_menu_labels(t: Translator) -> tuple[str, ...]:
    return (t("❓ Ask a question"), t("📋 My questions"))


def command_for_label(text: str) -> str | None:
    """A main-keyboard label typed or tapped, in any language, names a command."""
    folded = fold(text)
    for language in LANGUAGES:
        ask, mine = (fold(label) for label in main_menu_labels(translator(language)))
        if folded == ask:
            return "ask"
        if folded == mine:
            return "mytickets"
    return None
