"""Button data, built and parsed by one typed ButtonKind per format; each feature declares its own kinds in its
buttons.py (pure data, which other features may import to offer a button that opens the feature).

Anyone can forge a button press, and buttons already on residents' phones (or in stored outbox payloads) must keep
working, so the wire format never changes: `prefix:field:field…`. `parse` accepts only what `build` could have
made (ASCII digits within bounds, values from a fixed list, short codes); anything else is None, and the person is
told the button is out of date. A parsed id is only a claim: handlers still check the row is theirs to touch."""
from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass
from typing import Any, Iterable, Protocol

from handlers.conversation.errors import StaleButton
from handlers.conversation.events import ButtonPressed

MAX_BYTES = 64  # Telegram's limit on callback_data
MAX_ID = 2**31 - 1  # PostgreSQL integer: a larger id would fail in the database, not in the parser
MAX_PAGE = 10_000
_DIGITS = re.compile(r"[0-9]{1,10}")


class Field(Protocol):
    name: str
    widest: int  # the longest text the field can put on the wire

    def dump(self, value: Any) -> str: ...

    def load(self, raw: str) -> Any | None: ...


@dataclass(frozen=True)
class Int:
    """A whole number in [low, high], written in ASCII digits."""

    name: str
    high: int = MAX_ID
    low: int = 0

    @property
    def widest(self) -> int:
        return len(str(self.high))

    def dump(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise ValueError(f"{self.name}={value!r} is outside {self.low}..{self.high}")
        return str(value)

    def load(self, raw: str) -> int | None:
        if not _DIGITS.fullmatch(raw):
            return None
        value = int(raw)
        return value if self.low <= value <= self.high else None


@dataclass(frozen=True)
class Choice:
    """One of a fixed list of words."""

    name: str
    values: tuple[str, ...]

    @property
    def widest(self) -> int:
        return max(len(v.encode()) for v in self.values)

    def dump(self, value: Any) -> str:
        if str(value) not in self.values:
            raise ValueError(f"{self.name}={value!r} is not one of {self.values}")
        return str(value)

    def load(self, raw: str) -> str | None:
        return raw if raw in self.values else None


@dataclass(frozen=True)
class IdOrWord:
    """An id, or one of a few words ("all", "done") on the same button row."""

    name: str
    words: tuple[str, ...]

    @property
    def widest(self) -> int:
        return max(len(str(MAX_ID)), *(len(w) for w in self.words))

    def dump(self, value: Any) -> str:
        return Choice(self.name, self.words).dump(value) if isinstance(value, str) else Int(self.name).dump(value)

    def load(self, raw: str) -> int | str | None:
        return raw if raw in self.words else Int(self.name).load(raw)


@dataclass(frozen=True)
class Slug:
    """A short code from the commune's own data (a department code); the handler checks it exists."""

    name: str
    widest: int = 40
    _pattern = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

    def dump(self, value: Any) -> str:
        if self.load(str(value)) is None:
            raise ValueError(f"{self.name}={value!r} is not a short code")
        return str(value)

    def load(self, raw: str) -> str | None:
        return raw if len(raw) <= self.widest and self._pattern.fullmatch(raw) else None


@dataclass(frozen=True)
class Trailing:
    """A last field that is left off the wire when it holds its default (the queue's "most supported" order)."""

    field: Field
    default: Any

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def widest(self) -> int:
        return self.field.widest

    def dump(self, value: Any) -> str:
        return self.field.dump(value)

    def load(self, raw: str) -> Any | None:
        return self.field.load(raw)


KINDS: dict[str, "ButtonKind"] = {}


class ButtonKind:
    """One format of button data: `prefix` (one or two words) then its fields, joined by ":"."""

    def __init__(self, prefix: str, *fields: Field) -> None:
        if prefix in KINDS:
            raise ValueError(f"button prefix {prefix!r} is declared twice")
        self.prefix, self.fields = prefix, fields
        widest = len(prefix.encode()) + sum(1 + f.widest for f in fields)
        if widest > MAX_BYTES:
            raise ValueError(f"{prefix} buttons could be {widest} bytes; Telegram allows {MAX_BYTES}")
        name = "".join(part.title() for part in re.split(r"\W", prefix)) + "Button"
        # a named tuple, not a dataclass: ~70 kinds are made at start-up, and a dataclass costs ten times as much
        self.value_type = type(name, (namedtuple(name, [f.name for f in fields]),), {"__slots__": (), "kind": self})
        KINDS[prefix] = self

    def build(self, **values: Any) -> str:
        """The data for a button; raises ValueError for a value parse would refuse."""
        if set(values) != {f.name for f in self.fields}:
            raise ValueError(f"{self.prefix} needs {[f.name for f in self.fields]}, got {sorted(values)}")
        fields = list(self.fields)
        if fields and isinstance(fields[-1], Trailing) and values[fields[-1].name] == fields[-1].default:
            fields.pop()
        data = ":".join([self.prefix, *(f.dump(values[f.name]) for f in fields)])
        if len(data.encode()) > MAX_BYTES:  # cannot happen while the widths above hold; a guard, not a hope
            raise ValueError(f"{data!r} is longer than {MAX_BYTES} bytes")
        return data

    def parse(self, data: str) -> Any | None:
        """The typed value for data this kind built, or None."""
        if len(data) > MAX_BYTES:  # characters never outnumber bytes
            return None
        parts = data.split(":")
        n = self.prefix.count(":") + 1
        if ":".join(parts[:n]) != self.prefix:
            return None
        raw, fields = parts[n:], self.fields
        if fields and isinstance(fields[-1], Trailing) and len(raw) == len(fields) - 1:
            raw = raw + [None]
        if len(raw) != len(fields):
            return None
        values = [f.default if part is None else f.load(part) for f, part in zip(fields, raw)]
        if any(v is None for v in values):
            return None
        return self.value_type(*values)

    def of(self, event: ButtonPressed) -> Any:
        """The pressed button's value; StaleButton when the data is not this kind's."""
        value = self.parse(event.data)
        if value is None:
            raise StaleButton()
        return value

    def __repr__(self) -> str:
        return f"ButtonKind({self.prefix!r})"


def prefixes(data: str) -> tuple[str, str]:
    """The prefixes a button's data may claim, in the order to try them: two words, then one."""
    parts = data.split(":", 2)
    return ":".join(parts[:2]), parts[0]


def kind_of(data: str) -> ButtonKind | None:
    """The kind a button's data claims to be, by its prefix (two words before one)."""
    two, one = prefixes(data)
    return KINDS.get(two) or KINDS.get(one)


def parse(data: str) -> Any | None:
    """The typed value of any button the bot makes, or None for data no kind accepts."""
    kind = kind_of(data)
    return kind.parse(data) if kind is not None else None


def of(event: ButtonPressed) -> Any:
    """The pressed button's value, whatever its kind; StaleButton when no kind accepts it."""
    value = parse(event.data)
    if value is None:
        raise StaleButton()
    return value


def words(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


ID = "id"
