"""A small reader of typed settings from the environment and .env, in place of pydantic-settings (which held ~10 MB
and a fifth of a second of start-up in every process for the same job).

A subclass declares its settings as annotated class attributes with defaults; each is read from the environment
variable of the same name in upper case (names match case-insensitively), else from the .env file, else the
default; keyword arguments win over both. Types: str, int, float, bool, Path, SecretStr, dict[str, str] and
list[str] (JSON), and any of these `| None` (empty means None). A value that does not parse raises SettingsError naming the variable."""
from __future__ import annotations

import copy
import json
import os
import typing
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, ClassVar


class SettingsError(Exception):
    """A setting is missing or unusable; the message says which one and how to fix it."""


class SecretStr:
    """A secret that never shows in a repr, a log line or a traceback; get_secret_value() gives it."""
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretStr) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __str__(self) -> str:
        return "**********" if self._value else ""

    def __repr__(self) -> str:
        return f"SecretStr('{self}')"


_MISSING = object()
_WORDS = {int: "a whole number", float: "a number", bool: "true or false (also 1/0, yes/no, on/off)",
          dict: 'a JSON object of strings, e.g. {"key": "value"}', list: 'a JSON list of strings, e.g. ["a", "b"]'}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _parse(kind: Any, raw: Any) -> Any:
    """raw (a string from the environment, or a value given in code) as `kind`; ValueError when it does not fit."""
    if isinstance(kind, UnionType):
        options = [option for option in typing.get_args(kind) if option is not NoneType]
        if raw is None or (isinstance(raw, str) and not raw.strip() and options[0] is not str):
            return None
        return _parse(options[0], raw)
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        word = raw.strip().lower() if isinstance(raw, str) else ""
        if isinstance(raw, str) and (word in _TRUE or word in _FALSE):
            return word in _TRUE
        raise ValueError(raw)
    origin = typing.get_origin(kind)
    if origin in (list, dict):  # JSON, of strings
        value = json.loads(raw) if isinstance(raw, str) else raw
        pairs = value.items() if isinstance(value, dict) else [("", item) for item in value] \
            if isinstance(value, (list, tuple)) else None
        if pairs is None or isinstance(value, dict) != (origin is dict) \
                or not all(isinstance(key, str) and isinstance(item, str) for key, item in pairs):
            raise ValueError(raw)
        return origin(value)
    if kind is SecretStr:
        if hasattr(raw, "get_secret_value"):  # also another library's secret type
            return SecretStr(raw.get_secret_value())
        if not isinstance(raw, str):
            raise ValueError(raw)
        return SecretStr(raw)
    if kind is Path:
        return Path(raw)
    if kind is str:
        if not isinstance(raw, str):
            raise ValueError(raw)
        return raw
    if isinstance(raw, bool) or (kind is int and isinstance(raw, float)):
        raise ValueError(raw)
    return kind(raw.strip() if isinstance(raw, str) else raw)


def _plain(kind: Any) -> type:
    """int for `int | None`, dict for `dict[str, str]`."""
    if isinstance(kind, UnionType):
        kind = next(option for option in typing.get_args(kind) if option is not NoneType)
    return typing.get_origin(kind) or kind


_READABLE = (str, int, float, bool, Path, SecretStr, dict, list)


def read_env_file(path: str | os.PathLike | None) -> dict[str, str]:
    """KEY=value lines of a .env file (comments, `export`, quotes as python-dotenv reads them); {} if it is absent."""
    if path is None or not os.path.isfile(path):
        return {}
    from dotenv import dotenv_values

    return {key.lower(): value for key, value in dotenv_values(path, encoding="utf-8").items() if value is not None}


class EnvSettings:
    """Typed settings: see the module's docstring. `model_fields` maps each name to its type; `model_copy(update=)`
    gives a copy with some values replaced (not parsed again)."""
    env_file: ClassVar[str | None] = ".env"
    model_fields: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        hints = typing.get_type_hints(cls)
        cls.model_fields = {name: kind for name, kind in hints.items()
                            if typing.get_origin(kind) is not ClassVar and not name.startswith("_")}
        unreadable = [name for name, kind in cls.model_fields.items() if _plain(kind) not in _READABLE]
        if unreadable:
            raise TypeError(f"bot/env.py cannot read {', '.join(unreadable)}: use str, int, float, bool, Path, "
                            "SecretStr, dict[str, str] or list[str], or `| None` of one")

    def __init__(self, _env_file: Any = _MISSING, **values: Any) -> None:
        """_env_file: the .env file to read (None: none); values: settings given in code, which win."""
        unknown = set(values) - set(self.model_fields)
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        found = read_env_file(self.env_file if _env_file is _MISSING else _env_file)
        found.update((key.lower(), value) for key, value in os.environ.items())
        found.update(values)
        problems = []
        for name, kind in self.model_fields.items():
            raw = found.get(name, _MISSING)
            if raw is _MISSING:
                setattr(self, name, copy.copy(getattr(type(self), name)))
                continue
            try:
                setattr(self, name, _parse(kind, raw))
            except (ValueError, TypeError):
                shown = "(hidden)" if "SecretStr" in str(kind) else repr(raw)
                plain = _plain(kind)
                problems.append(f"{name.upper()} must be {_WORDS.get(plain, plain.__name__)}, not {shown}.")
        if problems:
            raise SettingsError("\n".join(problems))

    def model_copy(self, update: dict[str, Any] | None = None) -> EnvSettings:
        copied = copy.copy(self)
        for name, value in (update or {}).items():
            if name not in self.model_fields:
                raise TypeError(f"unknown setting: {name}")
            setattr(copied, name, value)
        return copied

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.model_fields)
        return f"{type(self).__name__}({shown})"
