"""Routes as data: each feature folder declares its commands, buttons, free text by state and the roles each is
for; dispatch joins the features' tables (`people | questions | …`) and checks the roles once.

A command's menu line is its line in the chat's command menu and in /help, so one route adds a command everywhere,
and each role sees its own commands (handlers/conversation/menus.py).

A route names its handler lazily, `later("handlers.questions.asking", "start_ask")` (or `asking.start_ask` where
`asking = module_later("handlers.questions.asking")`): the module is imported on the first call, so the
tables, the gates, the menus and /help load no handler module."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Awaitable, Callable, Iterable, Mapping

from handlers.conversation.access import RESIDENT
from handlers.conversation.buttons import ButtonKind, prefixes
from handlers.conversation.events import Event
from handlers.conversation.replies import Reply
from handlers.conversation.states import IDLE

Handler = Callable[[Event, Any], Awaitable[list[Reply]]]  # (event, Context) → replies


@dataclass(frozen=True)
class Later:
    """A function named by its module and name, imported on its first call and kept."""

    module: str
    name: str

    def resolve(self) -> Callable[..., Any]:
        found = _resolved.get(self)
        if found is None:
            found = _resolved[self] = getattr(importlib.import_module(self.module), self.name)
        return found

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)


_resolved: dict[Later, Callable[..., Any]] = {}


def later(module: str, name: str) -> Later:
    """The function `name` of `module`, imported when first called."""
    return Later(module, name)


@dataclass(frozen=True)
class ModuleLater:
    """A handler module not imported yet: `module.function` is `later(module, "function")`."""

    module: str

    def __getattr__(self, name: str) -> Later:
        if name.startswith("__"):
            raise AttributeError(name)
        return later(self.module, name)


def module_later(module: str) -> ModuleLater:
    """A handler module whose functions are named now and imported on first use."""
    return ModuleLater(module)


@dataclass(frozen=True)
class Gate:
    """Who may use a route: the roles it is for (RESIDENT: a person without a staff role) and the polite refusal
    (a msgid) the others get; people without a staff role may get their own refusal."""

    roles: frozenset[str]
    refusal: str
    residents_refusal: str = ""

    def admits(self, roles: set[str]) -> bool:
        return bool(self.roles & (roles or {RESIDENT}))

    def refusal_for(self, roles: set[str]) -> str:
        return self.residents_refusal if self.residents_refusal and not roles else self.refusal


@dataclass(frozen=True)
class CommandRoute:
    """/name → handler. `open`: before registering too; `in_groups`: answered in group chats as well."""

    name: str
    handler: Handler
    gate: Gate | None = None
    menu: str = ""  # the line in the command menu and /help (a msgid); "" keeps the command out of menus
    open: bool = False
    in_groups: bool = False


@dataclass(frozen=True)
class ButtonRoute:
    """A pressed button of one kind → handler; the kind parses the data, the handler checks the row is theirs."""

    kind: ButtonKind
    handler: Handler
    gate: Gate | None = None
    open: bool = False
    in_groups: bool = False


@dataclass(frozen=True)
class TextRoute:
    """Free text typed while the conversation is in a state → handler."""

    state: str
    handler: Handler
    gate: Gate | None = None


@dataclass(frozen=True)
class EventRoute:
    """Another kind of event (a shared contact, a file) → handler."""

    event: type[Event]
    handler: Handler
    open: bool = False


@dataclass(frozen=True)
class Routes:
    """One feature's routes, or the union of several (`a | b`); a name, kind, state or event declared twice is an
    error. `states` lists every state the feature stores (their strings never change); `personless` the ones a chat
    may be in with no person yet, `unplaced` the ones a person without a commune may be in; in `label_states` a
    main-keyboard label typed is read as its command; `handovers` are the entry points other features reach through
    the table instead of importing them (a deep link opening /ask)."""

    commands: tuple[CommandRoute, ...] = ()
    buttons: tuple[ButtonRoute, ...] = ()
    texts: tuple[TextRoute, ...] = ()
    events: tuple[EventRoute, ...] = ()
    states: tuple[str, ...] = ()
    personless: frozenset[str] = frozenset()
    unplaced: frozenset[str] = frozenset()
    label_states: frozenset[str] = frozenset()
    handovers: Mapping[str, Callable[..., Awaitable[list[Reply]]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for what, keys in (("command", [c.name for c in self.commands]), ("button", [b.kind for b in self.buttons]),
                           ("text state", [t.state for t in self.texts]), ("event", [e.event for e in self.events]),
                           ("state", list(self.states)), ("handover", list(self.handovers))):
            twice = {key for key in keys if keys.count(key) > 1}
            if twice:
                raise ValueError(f"{what} routed twice: {sorted(map(str, twice))}")

    def __or__(self, other: Routes) -> Routes:
        return Routes(self.commands + other.commands, self.buttons + other.buttons, self.texts + other.texts,
                      self.events + other.events, self.states + other.states, self.personless | other.personless,
                      self.unplaced | other.unplaced, self.label_states | other.label_states,
                      {**self.handovers, **_disjoint(self.handovers, other.handovers)})

    @cached_property
    def _by_name(self) -> dict[str, CommandRoute]:
        return {c.name: c for c in self.commands}

    @cached_property
    def _by_prefix(self) -> dict[str, ButtonRoute]:
        return {b.kind.prefix: b for b in self.buttons}

    @cached_property
    def _by_state(self) -> dict[str, TextRoute]:
        return {t.state: t for t in self.texts}

    @cached_property
    def known_states(self) -> frozenset[str]:
        return frozenset(self.states) | {IDLE}

    @cached_property
    def choice_states(self) -> frozenset[str]:
        """States that wait for one of the options offered (buttons; numbered lines on Zalo): text is refused."""
        return frozenset(self.states) - set(self._by_state) - {IDLE}

    def command(self, name: str) -> CommandRoute | None:
        return self._by_name.get(name)

    def button(self, data: str) -> ButtonRoute | None:
        """The route of the kind a button's data claims to be, by its prefix (two words before one)."""
        two, one = prefixes(data)
        return self._by_prefix.get(two) or self._by_prefix.get(one)

    def text(self, state: str) -> TextRoute | None:
        return self._by_state.get(state)

    def event(self, event: Event) -> EventRoute | None:
        return next((route for route in self.events if isinstance(event, route.event)), None)

    def handover(self, name: str) -> Callable[..., Awaitable[list[Reply]]]:
        return self.handovers[name]


def _disjoint(first: Mapping[str, Any], second: Mapping[str, Any]) -> Mapping[str, Any]:
    twice = set(first) & set(second)
    if twice:
        raise ValueError(f"handover declared twice: {sorted(twice)}")
    return second


def commands_for(routes: Routes, roles: set[str]) -> Iterable[CommandRoute]:
    """The commands with a menu line that these roles (none: a resident) may use, in the table's order."""
    return (c for c in routes.commands if c.menu and (c.gate is None or c.gate.admits(roles)))
