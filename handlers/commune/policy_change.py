"""Changing one policy value, validated and audited: shared by a manager's /policy and `doithoai policy set`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.commune.policy import DEFAULTS
from handlers.commune.policy_values import check, check_basis, label
from handlers.conversation.errors import InvalidInput
from handlers.conversation.i18n import Translator


# (smaller, larger): values that only make sense in this order (a warning threshold under the minimum never fires)
ORDERED = (("session.lead_days_min", "session.lead_days_warn"),)


@dataclass(frozen=True)
class Change:
    key: str
    old: str
    new: str
    basis: str


async def policy_table(repo: Any, commune_id: int) -> dict[str, tuple[str, str]]:
    """key → (value, basis) for every key, the default (with its basis) where the commune stored none."""
    stored = await repo.policy_rows(commune_id)
    return {key: stored.get(key) or default for key, default in DEFAULTS.items()}


async def change_policy(repo: Any, commune_id: int, key: str, raw: str, t: Translator, *, actor: str,
                        actor_person_id: int | None, now: datetime, basis: str | None = None) -> Change:
    """Check and store one value (the basis kept unless a new one is given) and audit it; InvalidInput says why
    a value is refused, and nothing changes then."""
    if key not in DEFAULTS:
        raise InvalidInput(t("There is no policy value by that name."))
    value, why = check(key, raw, t)
    if value is None:
        raise InvalidInput(why)
    table = await policy_table(repo, commune_id)
    _check_order(key, value, table, t)
    old_value, old_basis = table[key]
    if basis is not None:
        basis = check_basis(basis)
        if basis is None:
            raise InvalidInput(t("Please give the basis in 1 to 300 characters."))
    new_basis = basis or old_basis
    await repo.change_policy(commune_id, key, value, new_basis, actor=actor, actor_person_id=actor_person_id, at=now)
    return Change(key, old_value, value, new_basis)


def _check_order(key: str, value: str, table: dict[str, tuple[str, str]], t: Translator) -> None:
    for smaller, larger in ORDERED:
        if key == smaller and int(value) > int(table[larger][0]):
            raise InvalidInput(t("This value cannot be more than “{other}” ({value}); change that one first.").format(
                other=label(larger, t), value=table[larger][0]))
        if key == larger and int(value) < int(table[smaller][0]):
            raise InvalidInput(t("This value cannot be less than “{other}” ({value}); change that one first.").format(
                other=label(smaller, t), value=table[smaller][0]))
