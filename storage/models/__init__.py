"""Typed SQLAlchemy models, one module per feature on one declarative base. Every resident-facing row is scoped
to a commune. Importing the package registers every table on Base.metadata (Alembic reads it)."""
from storage.models.base import Base, now_column
from storage.models.bots import Bot, BotAudit, BotCommune, ZaloOAToken
from storage.models.commune import (ClockReminder, Commune, CommunePolicy, DayOverride, Department, PolicyAudit,
                                    Village)
from storage.models.conclusions import DocumentCounter, SessionConclusion
from storage.models.conversation import ConversationState, OfferedChoice, ProcessedUpdate, ThrottledUpdate
from storage.models.delivery import Delivery, OutboxPace
from storage.models.documents import OfficialDocument
from storage.models.invitations import Invitation, InvitationList
from storage.models.meeting import SpeakerSlot
from storage.models.organisers import FrontIntake
from storage.models.preparation import PreparationStep, PreparedAnswer
from storage.models.people import (ChannelAccount, Consent, LinkAttempt, LinkCode, LinkRequest, Person, StaffAudit,
                                   StaffInvite, StaffMember)
from storage.models.questions import ProxyIntake, Question, QuestionAttachment, QuestionEvent, QuestionSupporter
from storage.models.sessions import (Broadcast, DialogueSession, Petition, PetitionSignature, SessionEvent,
                                     SessionVillage, VillageGroup)
from storage.models.voice import VoiceQuestion

__all__ = ["Base", "now_column", "Commune", "Village", "Department", "CommunePolicy", "PolicyAudit", "DayOverride",
           "Bot", "BotAudit", "ClockReminder", "BotCommune", "ZaloOAToken", "Person", "ChannelAccount", "Consent",
           "StaffMember", "StaffInvite", "StaffAudit", "LinkCode", "LinkRequest", "LinkAttempt", "ConversationState",
           "ProcessedUpdate",
           "OfferedChoice", "ThrottledUpdate", "DialogueSession", "SessionVillage", "SessionEvent", "VillageGroup",
           "Broadcast", "Petition", "PetitionSignature", "Question", "QuestionAttachment", "QuestionEvent",
           "QuestionSupporter", "ProxyIntake", "SpeakerSlot", "SessionConclusion", "DocumentCounter", "Delivery",
           "OutboxPace", "FrontIntake", "OfficialDocument", "Invitation", "InvitationList", "PreparationStep",
           "PreparedAnswer", "VoiceQuestion"]
