"""What a handler gets: the event's person, their conversation state, the repository and helpers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Awaitable, Callable

from handlers.conversation.events import Event
from handlers.conversation.i18n import Translator, translator
from handlers.conversation.menus import menu_for
from handlers.conversation.ports import Clock, Repository, UnitOfWork, UnitOfWorkFactory
from handlers.conversation.replies import Activity, Button, CommandMenu, Reply
from handlers.conversation.routes import Routes

# Shows an activity in a chat: (chat id, activity). Best effort: it never raises.
ShowActivity = Callable[[str, Activity], Awaitable[None]]


@dataclass(frozen=True)
class BotInfo:
    row_id: int
    username: str
    channel: str


@dataclass
class Deps:
    """Long-lived dependencies, built once at start-up."""

    unit_of_work: UnitOfWorkFactory
    bots: dict[tuple[str, str], BotInfo]  # (channel, external bot id) → bot
    clock: Clock
    invite_days: int = 7
    link_code_minutes: int = 10
    link_limits: Any = None  # limits on typing /link codes (handlers/people/link_rules.LinkLimits); None: defaults
    pdf: Callable[[bytes], Awaitable[bytes | None]] | None = None  # docx → PDF, when LibreOffice is installed
    activities: dict[tuple[str, str], ShowActivity] = field(default_factory=dict)  # (channel, bot id) → its own
    burst_limit: int = 0  # updates a chat may send within burst_seconds (handlers/flood.py); 0: no limit
    burst_seconds: float = 10.0
    qr: Callable[[str], bytes] | None = None  # a link → a PNG of its QR code (bot/qr.qr_png), for printed notices
    public_url: str = ""  # where the public results pages are reached from outside (PUBLIC_BASE_URL), "" unknown
    transcripts: bool = False  # a speech model is loaded: voice questions get a transcript the asker checks


@dataclass
class Context:
    event: Event
    uow: UnitOfWork
    deps: Deps
    bot: BotInfo
    t: Translator
    account: Any
    person: Any | None
    staff: list[Any]
    state: str
    data: dict[str, Any] = field(default_factory=dict)
    menu: CommandMenu | None = None
    notice: str = ""
    queued: bool = False  # something went into the outbox: wake the delivery worker
    burst: int = 0  # this chat's updates in its current burst window, this one included
    routes: Routes = field(default_factory=Routes)  # every feature's routes, joined (set by dispatch)

    @property
    def repo(self) -> Repository:
        return self.uow.repo

    @property
    def now(self) -> datetime:
        return self.deps.clock()

    @property
    def roles(self) -> set[str]:
        return {member.role for member in self.staff}

    async def show_activity(self, activity: Activity) -> None:
        """Tell the chat a slow reply is being made ("sending a file…"); call it before the slow work."""
        show = self.deps.activities.get((self.event.ref.channel, self.event.ref.bot_id))
        if show is not None:
            await show(self.event.ref.chat_id, activity)

    def refresh_menu(self) -> None:
        """Give the chat the command menu of its roles in its language now (after an invite, a language change)."""
        self.menu = menu_for(self.routes, self.roles, self.t)

    def go(self, state: str, **data: Any) -> None:
        """Move the conversation to a state with fresh data."""
        self.state, self.data = state, dict(data)

    def reply(self, text: str, buttons: list[list[Button]] | None = None, **kw: Any) -> Reply:
        return Reply(text=text, buttons=tuple(tuple(row) for row in buttons or ()), **kw)

    async def notify(self, person_id: int, kind: str, render: Callable[[Translator], str],
                     commune_id: int | None = None,
                     buttons: Callable[[Translator], list[list[Button]]] | None = None) -> bool:
        """Queue a message to a person on their most recently used chat, in that chat's language and in the words
        of the commune it is about (commune_id; else this chat's own)."""
        accounts = await self.repo.accounts_of(person_id)
        if not accounts:
            return False
        target = accounts[0]
        t = translator(target.language, await self._kind_of(commune_id))
        payload: dict[str, Any] = {"text": render(t)}
        if buttons:
            payload["buttons"] = [[[b.label, b.data] for b in row] for row in buttons(t)]
        await self.repo.enqueue(bot_id=target.bot_id, channel=target.channel, chat_id=target.chat_id, kind=kind,
                                payload=payload, commune_id=commune_id)
        self.queued = True
        return True

    async def _kind_of(self, commune_id: int | None) -> str:
        """The kind (xa, phuong) of the commune a message is about: this chat's own (self.t.kind) without a lookup,
        another one's (a staffer of two communes) read from the repository."""
        home = self.staff[0].commune_id if self.staff else getattr(self.person, "commune_id", None)
        if commune_id is None or commune_id == home:
            return self.t.kind
        commune = await self.repo.get_commune(commune_id)
        return commune.kind if commune is not None else self.t.kind

    def staff_in(self, commune_id: int) -> list[Any]:
        return [member for member in self.staff if member.commune_id == commune_id]
