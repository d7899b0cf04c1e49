"""The repository handlers use: one AsyncSession, many stores, never commits."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from storage.conclusion_store import ConclusionStore
from storage.community_store import CommunityStore
from storage.core_store import CoreStore
from storage.link_store import LinkStore
from storage.outbox_store import OutboxStore
from storage.people_store import PeopleStore
from storage.question_store import QuestionStore
from storage.session_store import SessionStore
from storage.zalo_store import ZaloStore


class Repository(CoreStore, QuestionStore, OutboxStore, SessionStore, LinkStore, ZaloStore,
                 ConclusionStore, CommunityStore, PeopleStore):
    def __init__(self, session: AsyncSession, counters: AsyncEngine) -> None:
        self.session = session
        self.counters = counters
        self.department_names: dict[int, dict[str, str]] = {}  # per commune, read once per unit of work
