"""Button data, built and parsed by one typed ButtonKind per format; every format the bot uses is declared here.

Anyone can forge a button press, and buttons already on residents' phones (or in stored outbox payloads) must keep
working, so the wire format never changes: `prefix:field:field…`. `parse` accepts only what `build` could have
made (ASCII digits within bounds, values from a fixed list, short codes); anything else is None, and the person is
told the button is out of date. A parsed id is only a claim: handlers still check the row is theirs to touch."""
from __future__ import annotations

import re
from dataclasses import dataclass, make_dataclass
from typing import Any, Iterable, Protocol

from handlers.errors import StaleButton
from handlers.events import ButtonPressed
from handlers.i18n import LANGUAGES
from handlers.session_rules import SessionAction
from handlers.tickets import STAFF_ACTIONS, TicketState
from handlers.topics import Topic

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
        self.value_type = make_dataclass(name, [f.name for f in fields], frozen=True, namespace={"kind": self})
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


def kind_of(data: str) -> ButtonKind | None:
    """The kind a button's data claims to be, by its prefix (two words before one)."""
    parts = data.split(":", 2)
    return KINDS.get(":".join(parts[:2])) or KINDS.get(parts[0])


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
TOPICS = words(Topic)

# --- registration, language, my data ----------------------------------------------------------------------------
CONSENT = ButtonKind("consent", Choice("answer", ("yes", "no")))
LANGUAGE = ButtonKind("lang", Choice("language", words(LANGUAGES)))
COMMUNE = ButtonKind("commune", Int(ID))
VILLAGE = ButtonKind("village", Int(ID))
MY_DATA = ButtonKind("me", Choice("action", ("name", "village", "forget", "forget-yes", "keep")))
ANNOUNCEMENTS = ButtonKind("nt", Choice("wanted", ("on", "off")))
# --- asking, my tickets, me too, feedback -----------------------------------------------------------------------
ASK_SESSION = ButtonKind("ask:s", Int(ID))  # 0 = general question, no session
ASK_TOPIC = ButtonKind("ask:t", Choice("topic", TOPICS))
ASK_REVIEW = ButtonKind("ask", Choice("action", ("confirm", "edit", "cancel", "add", "replace", "drop")))
MY_TICKET = ButtonKind("mt", Int(ID))
MY_TICKETS_PAGE = ButtonKind("mt:p", Int("page", MAX_PAGE))
ME_TOO = ButtonKind("sup", Int(ID))
FEEDBACK = ButtonKind("fb", Int(ID), Choice("verdict", ("s", "p", "n")))
# --- staff: queue and ticket actions ----------------------------------------------------------------------------
QUEUE_STATES = ("open", *words(TicketState))
QUEUE_TOPICS = ("-", *TOPICS)
QUEUE = ButtonKind("qu", Choice("state", QUEUE_STATES), Choice("topic", QUEUE_TOPICS), Int("village"),
                   Int("page", MAX_PAGE), Trailing(Choice("order", ("s",)), default=""))  # "s": most supported first
QUEUE_FILTER = ButtonKind("qf", Choice("which", ("s", "t", "v")), Choice("state", QUEUE_STATES),
                          Choice("topic", QUEUE_TOPICS), Int("village"))
QUESTION = ButtonKind("qd", Int(ID))
QUESTION_FILES = ButtonKind("qx", Int(ID))
QUESTION_ACTION = ButtonKind("qa", Choice("action", words(STAFF_ACTIONS)), Int(ID))
QUESTION_DEPARTMENT = ButtonKind("qdep", Int(ID), Slug("department"))
QUESTION_COMPLEX = ButtonKind("qcx", Int(ID))
# --- sessions: planning, the card, residents' calendar, village groups ------------------------------------------
PLAN_KIND = ButtonKind("ns:kind", Choice("session_kind", ("periodic", "extraordinary")))
PLAN_THEME = ButtonKind("ns:theme", Choice("theme", ("general", "admin_reform")))
PLAN_ONLINE = ButtonKind("ns:online")
PLAN_VILLAGE = ButtonKind("ns:v", IdOrWord("village", ("all", "done")))
PLAN_INTAKE = ButtonKind("ns:intake")
PLAN_CO = ButtonKind("ns:co", Choice("co", ("front", "council", "done")))
SESSION = ButtonKind("ss", Choice("verb", ("open", "ann", "ovr", "go", "reach")), Int(ID))
SESSION_EDIT = ButtonKind("ss:edit", Int(ID), Choice("field", ("when", "venue", "theme", "villages", "co")))
SESSION_DO = ButtonKind("ss:do", Int(ID), Choice("action", words(SessionAction)))
SESSION_CALENDAR = ButtonKind("rs:ics", Int(ID))
LINK_VILLAGE = ButtonKind("lv", Int(ID))
CONCLUSION = ButtonKind("cc", Choice("verb", ("edit", "ok", "pub")), Int(ID))
# --- the meeting and the community ------------------------------------------------------------------------------
SPEAK_SESSION = ButtonKind("sp:s", Int(ID))
SPEAKER = ButtonKind("sp", Choice("verb", ("abs", "skip")), Int(ID))
PETITION_NEW = ButtonKind("pe:new")
PETITION = ButtonKind("pe", Choice("verb", ("sign", "wd")), Int(ID))
PROXY_CONSENT = ButtonKind("px", Choice("answer", ("yes", "no")))
PROXY_TOPIC = ButtonKind("px:t", Choice("topic", TOPICS))
# --- people: staff removal, account links ------------------------------------------------------------------------
STAFF_MEMBER = ButtonKind("st", Choice("verb", ("rm", "ok", "no")), Int(ID))
LINK_REQUEST = ButtonKind("lk", Choice("answer", ("ok", "no")), Int(ID))
