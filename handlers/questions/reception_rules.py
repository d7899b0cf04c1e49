"""The reception desk's rules for complaints and denunciations, from the commune's policy: its clocks and who may
see a denouncer. Pure: the policy values and the calendar are passed in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handlers.commune.deadlines import IsWorkingDay, add_calendar_days, add_working_days
from handlers.commune.policy import DEFAULTS, policy_int
from handlers.conversation.access import Role
from handlers.questions.complaint_rules import Kind

# Who the policy may name as seeing a denouncer's identity: never the technical administrator nor the Front.
IDENTITY_ROLES = frozenset({Role.CHAIR, Role.SECRETARY})  # never the admin, the Front, an officer or a head


@dataclass(frozen=True)
class ReceptionPolicy:
    values: dict[str, str]

    def days(self, key: str) -> int:
        return policy_int(self.values, key)

    def text(self, key: str) -> str:
        return (self.values.get(key) or DEFAULTS[key][0]).strip()

    @staticmethod
    def basis(key: str) -> str:
        """The law's name and article behind a value."""
        return DEFAULTS[key][1]

    @property
    def remote(self) -> bool:
        return self.text("complaint.remote_area") in ("1", "yes", "co", "có")

    def resolve_key(self, complex_: bool) -> str:
        """The complaint time limit that applies: 30, 45 when complex; 45 and 60 in remote areas (by default)."""
        if self.remote:
            return "complaint.resolve_remote_complex_days" if complex_ else "complaint.resolve_remote_days"
        return "complaint.resolve_complex_days" if complex_ else "complaint.resolve_days"

    @property
    def identity_role(self) -> str:
        """The role that sees who denounced (the chair unless the commune names another lawful one)."""
        role = self.text("denunciation.identity_role")
        return role if role in IDENTITY_ROLES else Role.CHAIR.value


def first_due(kind: str, against_chair: bool, received: date, policy: ReceptionPolicy,
              is_working_day: IsWorkingDay) -> date:
    """When the desk must have told the resident what becomes of what they sent: a complaint accepted or not
    (calendar days), a denunciation sorted (working days), or forwarded to the higher level when it names the chair."""
    if kind == Kind.COMPLAINT:
        return add_calendar_days(received, policy.days("complaint.accept_days"), is_working_day)
    key = "denunciation.forward_wd" if against_chair else "denunciation.accept_wd"
    return add_working_days(received, policy.days(key), is_working_day)


def resolve_due(kind: str, complex_: bool, accepted: date, policy: ReceptionPolicy,
                is_working_day: IsWorkingDay) -> date:
    """The time limit for resolving, counted from acceptance (thụ lý), in calendar days."""
    key = policy.resolve_key(complex_) if kind == Kind.COMPLAINT else "denunciation.resolve_days"
    return add_calendar_days(accepted, policy.days(key), is_working_day)
