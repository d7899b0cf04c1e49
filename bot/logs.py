"""Logging set-up: English lines, and secrets scrubbed from anything logged, including tokens learned later."""
from __future__ import annotations

import logging
import threading
from typing import IO

MIN_SECRET = 6  # shorter values would scrub ordinary words


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


def setup_logging(level: str, secrets: list[str], stream: IO[str] | None = None) -> logging.Handler:
    """One handler on the root logger (stderr by default) that scrubs every secret known now or learned later."""
    for secret in secrets:
        learn_secret(secret)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs request URLs, which carry the bot token
    return handler
