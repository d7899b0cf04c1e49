"""Administrative actions behind the CLI: add a commune, invite a staffer."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from handlers.permissions import Role
from handlers.topics import DEFAULT_DEPARTMENTS
from storage.db import Database

INVITE_DAYS = 7


class AdminError(Exception):
    """A refusal the CLI prints as is."""


def clean_villages(names: list[str]) -> list[str]:
    import unicodedata

    seen: dict[str, None] = {}
    for name in names:
        cleaned = " ".join(unicodedata.normalize("NFC", name).split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


async def add_commune(database: Database, code: str, name: str, villages: list[str]) -> str:
    if not (len(code) == 5 and code.isdigit()):
        raise AdminError(f"The commune code must be the 5-digit code of Decision 19/2025/QĐ-TTg, not {code!r}.")
    villages = clean_villages(villages)
    if not villages:
        raise AdminError("Give at least one village (--village or --villages-file).")
    async with database.unit_of_work() as uow:
        if await uow.repo.commune_by_code(code):
            raise AdminError(f"A commune with code {code} already exists.")
        await uow.repo.add_commune(code, " ".join(name.split()), villages, DEFAULT_DEPARTMENTS)
        await uow.commit()
    return f"Added commune {code} {name} with {len(villages)} villages."


async def invite_staff(database: Database, commune_code: str, role: str, department: str | None,
                       village: str | None, bot_username: str) -> str:
    """Create a one-time invite and return the deep link that redeems it."""
    if role not in {r.value for r in Role}:
        raise AdminError(f"Unknown role {role!r}; choose one of: {', '.join(r.value for r in Role)}.")
    if role == Role.OFFICER and not department:
        raise AdminError("A department officer needs --department (for example dia-chinh).")
    now = datetime.now(timezone.utc)
    async with database.unit_of_work() as uow:
        repo = uow.repo
        commune = await repo.commune_by_code(commune_code)
        if commune is None:
            raise AdminError(f"No commune with code {commune_code}. Add it first with 'doithoai commune add'.")
        departments = {d.code for d in await repo.departments(commune.id)}
        if department and department not in departments:
            raise AdminError(f"Unknown department {department!r}; this commune has: {', '.join(sorted(departments))}.")
        village_id = None
        if village:
            matches = [v.id for v in await repo.villages(commune.id) if v.name == clean_villages([village])[0]]
            if not matches:
                raise AdminError(f"No village named {village!r} in this commune.")
            village_id = matches[0]
        code = secrets.token_urlsafe(12)
        await repo.create_invite(commune.id, code, role, department, village_id, now, timedelta(days=INVITE_DAYS))
        await uow.commit()
    return f"https://t.me/{bot_username}?start=staff-{code}"
