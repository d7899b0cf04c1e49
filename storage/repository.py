"""The repository handlers use: one AsyncSession, many stores, never commits."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.core_store import CoreStore
from storage.outbox_store import OutboxStore
from storage.question_store import QuestionStore
from storage.session_store import SessionStore


class Repository(CoreStore, QuestionStore, OutboxStore, SessionStore):
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
