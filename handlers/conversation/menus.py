"""Command menus, built from the routes per role and language, and the main keyboard.

A chat with no staff role has the residents' menu every chat gets by default; a staffer's chat is given the menu of
its roles, remembered on the account as a short fingerprint of its commands, so a change of roles — or a release
that adds a command — gives the chat its new menu at its next update."""
from __future__ import annotations

from hashlib import sha1
from typing import Any

from handlers.conversation.access import ROLES
from handlers.conversation.i18n import LANGUAGES, Translator, translator
from handlers.conversation.replies import CommandMenu, Keyboard, Reply
from handlers.conversation.routes import Routes, commands_for
from handlers.conversation.text import fold

RESIDENT_MENU = "resident"


def menu_for(routes: Routes, roles: set[str], t: Translator) -> CommandMenu:
    """The commands these roles may use (none: a resident's), each with its menu line in the chat's language."""
    return CommandMenu(commands=tuple((c.name, t(c.menu)) for c in commands_for(routes, roles)))


def menu_kind(routes: Routes, roles: set[str]) -> str:
    """What the account remembers of the menu it was given (at most 10 characters)."""
    if not roles & ROLES:
        return RESIDENT_MENU
    return "m" + sha1(" ".join(c.name for c in commands_for(routes, roles)).encode()).hexdigest()[:9]


def sync_menu(ctx: Any) -> str | None:
    """Give a private chat the menu its roles call for when it has another (a removed staffer's chat gets the
    residents' menu at their next update) and remember which one it was given; the kind, when it changed."""
    if ctx.event.ref.is_group:
        return None
    kind = menu_kind(ctx.routes, ctx.roles)
    changed = ctx.account.menu != kind
    if ctx.menu is None and changed:
        ctx.menu = menu_for(ctx.routes, ctx.roles, ctx.t)
    if ctx.menu is not None:
        ctx.account.menu = kind
    return kind if changed else None


def main_menu_labels(t: Translator) -> tuple[str, ...]:
    return (t("❓ Ask a question"), t("📋 My questions"))


def main_menu_reply(ctx: Any, text: str) -> Reply:
    return Reply(text=text, keyboard=Keyboard.MAIN_MENU, keyboard_labels=main_menu_labels(ctx.t))


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
