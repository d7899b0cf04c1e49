"""The Bot API 10.0 spec (read from the JSON next to this module) and parameter checks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import bad_request

SPEC_PATH = Path(__file__).with_name("telegram-bot-api-10.0.json")

_INTEGER = re.compile(r"^\s*[-+]?\d+\s*$")
_FLOAT = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_TRUE = {"true", "1", "yes"}
_SCALARS = {"Integer", "String", "Boolean", "Float", "InputFile"}
# Telegram names a few JSON objects its own way in "can't parse" errors.
_JSON_NAMES = {"reply_markup": "reply keyboard markup"}


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Call:
    """One Bot API call: checked parameters plus every uploaded part (for attach://)."""

    method: str
    params: dict
    uploads: dict[str, Upload]

    def __getitem__(self, name: str) -> object:
        return self.params[name]

    def get(self, name: str, default: object = None) -> object:
        return self.params.get(name, default)


class _WrongType(Exception):
    pass


class Spec:
    """Method and field definitions of one Bot API version."""

    def __init__(self, path: Path | str = SPEC_PATH):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.version: str = data.get("version", "")
        self.methods: dict[str, dict] = data["methods"]
        self.types: dict[str, dict] = data["types"]
        self._by_lower = {name.lower(): name for name in self.methods}

    def resolve(self, name: str) -> str | None:
        """The spec's spelling of a method name (Telegram matches them case-insensitively)."""
        return self._by_lower.get(name.lower())

    def check(self, method: str, params: dict) -> dict:
        """Known fields of `params`, required ones present, values coerced to their types.

        Unknown parameters are dropped, as Telegram ignores them.
        """
        checked = {}
        for field in self.methods[method].get("fields", []):
            name = field["name"]
            value = params.get(name)
            if value is None:
                if field["required"]:
                    raise bad_request(f'parameter "{name}" is required')
                continue
            checked[name] = _coerce(name, value, field["types"])
        return checked


def _coerce(name: str, value: object, types: list[str]) -> object:
    for type_name in types:
        try:
            return _coerce_one(name, value, type_name)
        except _WrongType:
            continue
    expected = " or ".join(types)
    raise bad_request(f'parameter "{name}" must be of type {expected}')


def _coerce_one(name: str, value: object, type_name: str) -> object:
    if isinstance(value, Upload):
        if type_name == "InputFile":
            return value
        raise _WrongType
    if type_name == "InputFile":
        if isinstance(value, str) and value.startswith("attach://"):
            return value
        raise _WrongType
    if type_name == "Integer":
        return _to_integer(value)
    if type_name == "Float":
        return _to_float(value)
    if type_name == "Boolean":
        return _to_boolean(value)
    if type_name == "String":
        return _to_string(value)
    return _to_json(name, value, type_name)


def _to_integer(value: object) -> int:
    if isinstance(value, bool):
        raise _WrongType
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.match(value):
        return int(value)
    raise _WrongType


def _to_float(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and _FLOAT.match(value):
        return float(value)
    raise _WrongType


def _to_boolean(value: object) -> bool:
    # Telegram reads any other string as false rather than failing.
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    raise _WrongType


def _to_string(value: object) -> str:
    # Telegram turns JSON numbers and booleans into their text.
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    raise _WrongType


def _to_json(name: str, value: object, type_name: str) -> object:
    """Objects and arrays arrive decoded (JSON body) or as JSON text (form fields)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            label = _JSON_NAMES.get(name, name.replace("_", " "))
            raise bad_request(f"can't parse {label} JSON object") from None
    wants_list = type_name.startswith("Array of ")
    if wants_list and isinstance(value, list):
        return value
    if not wants_list and type_name not in _SCALARS and isinstance(value, dict):
        return value
    raise _WrongType
