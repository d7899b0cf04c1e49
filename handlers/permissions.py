"""Who may do what: staff roles per commune, checked in one place."""
from __future__ import annotations

from enum import StrEnum

from handlers.tickets import Action


class Role(StrEnum):
    CHAIR = "chair"
    SECRETARY = "secretary"
    OFFICER = "officer"
    VILLAGE_HEAD = "village_head"
    ADMIN = "admin"
    FRONT = "front"  # the Fatherland Front (UBMTTQ): told when a petition reaches its threshold


MANAGERS = frozenset({Role.CHAIR, Role.SECRETARY, Role.ADMIN})


def may_view_queue(roles: set[str]) -> bool:
    return bool(roles)


def may_act(roles: set[str], action: Action, *, own_department: bool) -> bool:
    """Managers do everything; an officer may answer what is assigned to their department."""
    if roles & MANAGERS:
        return True
    return action is Action.ANSWER and Role.OFFICER in roles and own_department
