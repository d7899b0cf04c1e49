"""Channel-neutral replies: what the bot says back; adapters render them per platform."""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum

from handlers.conversation.events import Attachment


@dataclass(frozen=True)
class Button:
    label: str
    data: str


class Keyboard(StrEnum):
    """A persistent keyboard under the input box, where the channel has one."""

    KEEP = "keep"
    MAIN_MENU = "main_menu"
    REQUEST_CONTACT = "request_contact"
    REMOVE = "remove"


class Activity(StrEnum):
    """What the bot is busy making, shown in the chat before a slow reply (Telegram's chat action)."""

    TYPING = "typing"
    UPLOAD_DOCUMENT = "upload_document"


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    keyboard: Keyboard = Keyboard.KEEP
    keyboard_labels: tuple[str, ...] = ()
    edit: bool = False  # replace the message whose button was pressed
    attachment: Attachment | None = None


@dataclass(frozen=True)
class CommandMenu:
    """The command list this chat should see in its menu (Telegram: setMyCommands per chat)."""

    commands: tuple[tuple[str, str], ...]
    for_chat: bool = True


@dataclass(frozen=True)
class Outcome:
    replies: list[Reply] = field(default_factory=list)
    menu: CommandMenu | None = None
    notice: str = ""  # short toast for the pressed button, where the channel has one
    queued: bool = False  # the outbox has new rows
    repeat_choices: bool = False  # the input was not one of the options offered: channels without buttons show
    #                               the same numbered options again
    result: str = "handled"  # for the metrics: handled, duplicate (a redelivery), throttled (burst limit), refused


# The answer of an attempt about to commit, kept where the caller can see it: when PostgreSQL commits but the
# connection drops before it says so, the retried attempt finds the update already processed, and this is the answer
# the person is still owed (bot/dispatching.py sets the list for each update).
OWED: ContextVar[list[Outcome] | None] = ContextVar("owed_outcome", default=None)


def owe(outcome: Outcome) -> Outcome:
    """Remember `outcome` as the answer of the transaction about to commit; returns it."""
    owed = OWED.get()
    if owed is not None:
        owed.append(outcome)
    return outcome


def buttons_in_rows(buttons: list[Button], per_row: int = 1) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row))
