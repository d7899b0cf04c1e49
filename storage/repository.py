"""The repository handlers use: one AsyncSession, many stores, never commits."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.stores.clocks import ClockStore
from storage.stores.conclusions import ConclusionStore
from storage.stores.community import CommunityStore
from storage.stores.consents import ConsentStore
from storage.stores.core import CoreStore
from storage.stores.documents import DocumentStore
from storage.stores.invitations import InvitationStore
from storage.stores.links import LinkStore
from storage.stores.opening import OpeningStore
from storage.stores.outbox import OutboxStore
from storage.stores.people import PeopleStore
from storage.stores.preparation import PreparationStore
from storage.stores.questions import QuestionStore
from storage.stores.registry import RegistryStore
from storage.stores.sessions import SessionStore
from storage.stores.zalo import ZaloStore
from storage.stores.organisers import OrganiserStore
from storage.stores.publicity import PublicityStore
from storage.stores.voice import VoiceStore


class Repository(OpeningStore, CoreStore, QuestionStore, OutboxStore, SessionStore, LinkStore, ZaloStore,
                 ConclusionStore, CommunityStore, PeopleStore, ClockStore, RegistryStore, ConsentStore,
                 OrganiserStore, DocumentStore, InvitationStore, PreparationStore, PublicityStore, VoiceStore):
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.department_names: dict[int, dict[str, str]] = {}  # per commune, read once per unit of work
