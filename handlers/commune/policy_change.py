"""Changing one policy value, validated and audited: shared by a manager's /policy and `doithoai policy set`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.commune.policy import DEFAULTS
from handlers.commune.policy_values import check, check_basis
from handlers.conversation.errors import InvalidInput
from handlers.conversation.i18n import Translator


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
    old_value, old_basis = (await policy_table(repo, commune_id))[key]
    if basis is not None:
        basis = check_basis(basis)
        if basis is None:
            raise InvalidInput(t("Please give the basis in 1 to 300 characters."))
    new_basis = basis or old_basis
    await repo.change_policy(commune_id, key, value, new_basis, actor=actor, actor_person_id=actor_person_id, at=now)
    return Change(key, old_value, value, new_basis)
