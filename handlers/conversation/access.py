"""Who may do what and see what: staff roles per commune, checked in one place. Pure.

Each role sees what its job needs (Law 91/2025: minimise): residents' names and phones are for the chair and the
secretary; a denouncer's identity for the chair alone (Law on Denunciations 2018 Arts. 47–48); the question queue
for those who handle questions; the Fatherland Front sees petitions and follow-up summaries; the technical
administrator manages the bot and staff but sees no resident's name or phone.

The other organisers (seeds 001–004) each get exactly their job, nothing of the secretary's other powers:
- the Fatherland Front (front) submits concerns gathered from residents, with their source (/gathered), reads the
  follow-up list (/followup) and the scorecard, and reads session reports without residents' names or phones;
- the People's Council (council) and the Party committee (party) receive the reports (/report without identities,
  /scorecard, and the council the follow-up list it supervises); they hold chat accounts so documents reach them;
- the support team (support) receives and consolidates questions — the queue, a question's detail, assigning a
  department, changing its field and merging duplicates — and keeps the speaker list (/speakers, /next). It never
  sees a resident's name or phone, nor a complaint or a denunciation: consolidating needs the question's text,
  field and village, and calling a speaker needs only their number in line (the called resident is told on their
  own chat), so minimisation (Law 91/2025/QH15, LEGAL.md) leaves identities with the chair and the secretary. No
  staff management, policy, planning, conclusions or publishing;
- a provincial officer (province) sees, per commune of their province (or every commune, when invited for the
  whole deployment), the scorecard figures and overdue counts, and exports them (/province): counts, never a
  question's text or a person.

Roles are checked on the route (a Gate, handlers/conversation/routes.py), once, in dispatch; handlers only pick the
membership whose commune, department or village scopes what they do (`membership`)."""
from __future__ import annotations

from enum import StrEnum
from typing import Any, Iterable

from handlers.conversation.errors import NotAllowed


class Role(StrEnum):
    CHAIR = "chair"
    SECRETARY = "secretary"
    OFFICER = "officer"
    VILLAGE_HEAD = "village_head"
    ADMIN = "admin"
    FRONT = "front"  # the Fatherland Front (UBMTTQ): told when a petition reaches its threshold
    VICE_CHAIR = "vice_chair"  # Phó Chủ tịch: runs sessions; approves a conclusion when the chair delegates (KT.)
    COUNCIL = "council"  # the People's Council (HĐND xã): co-chairs, receives the reports, sees the follow-up
    PARTY = "party"  # the Party committee (Đảng ủy xã): invited, receives the report before and after a session
    SUPPORT = "support"  # the support team (tổ giúp việc): receives, consolidates, registers speakers
    PROVINCE = "province"  # a provincial officer: every commune's scorecard and overdue items, read-only


RESIDENT = "resident"  # not a stored role: a person with no staff role, for a route only residents use
ROLES = frozenset(Role)  # any stored role: whoever holds one gets a staff menu
STAFF = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY, Role.OFFICER, Role.VILLAGE_HEAD, Role.ADMIN,
                   Role.FRONT})  # the commune's own staff, as before the other organisers came
MANAGERS = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY, Role.ADMIN})
IDENTITY = frozenset({Role.CHAIR, Role.SECRETARY})  # residents' names and phones
QUEUE = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY, Role.ADMIN, Role.OFFICER, Role.VILLAGE_HEAD,
                   Role.SUPPORT})
RECEPTION = frozenset({Role.CHAIR, Role.SECRETARY})  # the citizen reception desk: complaints, denunciations
SUMMARIES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY, Role.ADMIN, Role.FRONT, Role.COUNCIL,
                       Role.PARTY})  # counts, never identities
REPORT_READERS = STAFF | {Role.COUNCIL, Role.PARTY}  # a session's report; names and phones only with IDENTITY
FOLLOWERS = MANAGERS | {Role.FRONT, Role.COUNCIL}  # the follow-up list of written answers, read-only for the last two
SPEAKER_KEEPERS = MANAGERS | {Role.SUPPORT}  # the speaker list at the session
CONSOLIDATORS = MANAGERS | {Role.SUPPORT}  # a question's field (topic) changed while it is open
GATHERERS = frozenset({Role.FRONT})  # concerns gathered from residents, submitted on their behalf with a source
PROVINCIAL = frozenset({Role.PROVINCE})  # every commune of a province side by side: counts only
DUE_ROLES = MANAGERS | {Role.OFFICER}  # who may owe a written answer (/due, /letter)
POLICY_KEEPERS = frozenset({Role.CHAIR, Role.SECRETARY})  # legal values: not the technical administrator's to change


def may_see_identity(roles: Iterable[str]) -> bool:
    """Residents' names and phone numbers (queue details, reports, speakers)."""
    return bool(IDENTITY & set(roles))


def may_see_denouncer(roles: Iterable[str], holder: str = Role.CHAIR) -> bool:
    """Who made a denunciation: the one role the commune's policy names (the chair by default), alone; never the
    technical administrator."""
    return holder != Role.ADMIN and holder in set(roles)


def may_view_queue(roles: Iterable[str]) -> bool:
    """The question queue and single questions (each role within its scope)."""
    return bool(QUEUE & set(roles))


def may_view_reception(roles: Iterable[str]) -> bool:
    """Complaints and denunciations waiting at the citizen reception desk."""
    return bool(RECEPTION & set(roles))


def may_view_summaries(roles: Iterable[str]) -> bool:
    """The commune's scorecard: counts and on-time rates."""
    return bool(SUMMARIES & set(roles))


def may_manage_staff(roles: Iterable[str]) -> bool:
    """List and remove the commune's staff (/staff)."""
    return bool(MANAGERS & set(roles))


def membership(ctx: Any, roles: Iterable[str] = ROLES) -> Any:
    """The staffer's membership with one of the roles — a manager's first — whose commune (department, village)
    scopes what they do; NotAllowed when they have none (the route's gate has normally refused them already)."""
    members = sorted((m for m in ctx.staff if m.role in set(roles)), key=lambda m: m.role not in MANAGERS)
    if not members:
        raise NotAllowed(ctx.t("Sorry, this command is only for commune staff."))
    return members[0]
