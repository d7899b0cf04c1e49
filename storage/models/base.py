"""The declarative base every model module shares, the timestamp column most tables have, and the trace id of the
update being handled (storage/tracing.py), which rows it causes carry."""
from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB, datetime: DateTime(timezone=True)}


def now_column() -> Any:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


TRACE_ID: ContextVar[str | None] = ContextVar("trace_id", default=None)


def trace_column() -> Any:
    """The trace id of the update that wrote the row (None outside one)."""
    return mapped_column(String(32), default=lambda: TRACE_ID.get())
