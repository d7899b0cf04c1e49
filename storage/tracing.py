"""The trace id of the update being handled: set per update (bot/dispatching.py), stamped on the outbox rows it
writes (Delivery.trace_id), set again by the worker that sends them, and printed by the JSON logs (bot/logs.py)."""
from __future__ import annotations

import uuid

from storage.models.base import TRACE_ID

__all__ = ["TRACE_ID", "current_trace", "new_trace"]


def current_trace() -> str | None:
    return TRACE_ID.get()


def new_trace() -> str:
    """A fresh id for one update: 16 hex digits, meaningless outside the logs."""
    return uuid.uuid4().hex[:16]
