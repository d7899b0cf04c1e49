"""The repository handlers use: one AsyncSession, many stores, never commits."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from storage.core_store import CoreStore
from storage.outbox_store import OutboxStore
from storage.question_store import QuestionStore


class Repository(CoreStore, QuestionStore, OutboxStore):
    def __init__(self, session: AsyncSession, counters: AsyncEngine) -> None:
        self.session = session
        self.counters = counters
