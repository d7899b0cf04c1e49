"""Logging set-up: English lines (or JSON objects, LOG_FORMAT=json, each with the trace id of the update it belongs
to), and secrets scrubbed from anything logged, including tokens learned later."""
from __future__ import annotations

import json
import logging
import threading
from datetime import datetime, timezone
from typing import IO

from storage.tracing import current_trace

MIN_SECRET = 6  # shorter values would scrub ordinary words
# PTB logs every Bot API call's parameters (message texts, names) and SQLAlchemy the rows it reads, at DEBUG.
QUIET_BELOW_INFO = ("telegram", "sqlalchemy")


class Redactor:
    """The secrets to scrub; new ones (refreshed tokens) can be learned while the bot runs."""

    def __init__(self) -> None:
        self._secrets: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def learn(self, secret: str) -> None:
        if secret and len(secret) >= MIN_SECRET and secret not in self._secrets:
            with self._lock:
                self._secrets = self._secrets | {secret}

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, "***")
        return text


REDACTOR = Redactor()


def learn_secret(secret: str) -> None:
    """Scrub this value from every later log line (e.g. a token the bot was just given)."""
    REDACTOR.learn(secret)


class RedactSecrets(logging.Filter):
    """Scrubs the message and the traceback text of each record passing through a handler."""

    def __init__(self, redactor: Redactor = REDACTOR) -> None:
        super().__init__()
        self.redactor = redactor
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: let the handler report it
            return True
        scrubbed = self.redactor.scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor.scrub(record.exc_text)
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, trace_id (the update's, or null), exception.
    Only what the code logs goes in: ids and kinds, never message bodies, names or phones (no `extra` fields)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                 "trace_id": current_trace()}
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str, secrets: list[str], stream: IO[str] | None = None,
                  log_format: str = "text") -> logging.Handler:
    """One handler on the root logger (stderr by default) that scrubs every secret known now or learned later;
    `log_format` "json" writes JSON lines (bot/logs.JsonLines), anything else plain lines."""
    for secret in secrets:
        learn_secret(secret)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines() if log_format.lower() == "json"
                         else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs request URLs, which carry the bot token
    for chatty in QUIET_BELOW_INFO:  # at DEBUG they log what people wrote and rows read: never below INFO
        logging.getLogger(chatty).setLevel(max(root.level, logging.INFO))
    return handler
