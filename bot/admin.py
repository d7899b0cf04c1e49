"""Administrative actions behind the CLI: add a commune; invite, list and remove staff; list and revoke invites.
Every change to who is staff is audited (staff_audit)."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from handlers.conversation.i18n import Translator
from handlers.conversation.access import MANAGERS, Role
from handlers.commune.topics import DEFAULT_DEPARTMENTS
from handlers.people.rules import STAFF_PREFIX
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
                       village: str | None, bot_username: str, actor: str = "cli") -> str:
    """Create a one-time invite and return the Telegram deep link that redeems it."""
    code = await new_invite(database, commune_code, role, department, village, actor)
    return telegram_invite_link(bot_username, code)


async def invite_staff_on(database: Database, commune_code: str, role: str, department: str | None,
                          village: str | None, telegram_username: str, zalo: bool, actor: str = "cli",
                          province: str | None = None) -> str:
    """Create a one-time invite and say how to redeem it on each configured channel."""
    code = await new_invite(database, commune_code, role, department, village, actor, province)
    return invite_instructions(code, role, telegram_username, zalo)


def invite_instructions(code: str, role: str, telegram_username: str, zalo: bool) -> str:
    """Telegram has a deep link; Zalo has none, so the staffer types the command the link would have sent."""
    typed = f"/start {STAFF_PREFIX}{code}"
    lines = [f"One-time invite for the role {role}, valid {INVITE_DAYS} days. Give the staff member one of these:"]
    if telegram_username:
        lines.append(f"  Telegram: open {telegram_invite_link(telegram_username, code)}")
    if zalo:
        lines.append(f"  Zalo: send the bot (or the commune's Official Account) this exact message: {typed}")
    if not telegram_username and not zalo:
        lines.append(f"  On any channel: send the bot this exact message: {typed}")
    return "\n".join(lines)


def telegram_invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={STAFF_PREFIX}{code}"


async def new_invite(database: Database, commune_code: str, role: str, department: str | None,
                     village: str | None, actor: str = "cli", province: str | None = None) -> str:
    """Create a one-time invite (audited) and return its code. A provincial officer is invited through a commune of
    their province and sees every commune of it (`province`: its 2-digit code, by default the commune's), or every
    commune of the deployment (`province="all"`)."""
    if role not in {r.value for r in Role}:
        raise AdminError(f"Unknown role {role!r}; choose one of: {', '.join(r.value for r in Role)}.")
    if role == Role.OFFICER and not department:
        raise AdminError("A department officer needs --department (for example kinh-te).")
    if role == Role.VILLAGE_HEAD and not village:
        raise AdminError("A village head needs --village (the village's name, e.g. \"Thôn Lân Luông\").")
    if province and role != Role.PROVINCE:
        raise AdminError("--province is only for the role province (a provincial officer).")
    now = datetime.now(timezone.utc)
    async with database.unit_of_work() as uow:
        repo = uow.repo
        commune = await _commune(repo, commune_code)
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
        invite = await repo.create_invite(commune.id, code, role, department, village_id, now,
                                          timedelta(days=INVITE_DAYS))
        if role == Role.PROVINCE:
            invite.province = await province_scope(repo, commune, province)
        await repo.add_staff_audit(commune_id=commune.id, actor=actor, action="invite", role=role,
                                   detail=f"invite {invite.id}, department {department or '-'}, "
                                          f"village {village_id or '-'}")
        await uow.commit()
    return code


async def province_scope(repo, commune, province: str | None) -> str:
    """"*" for every commune of the deployment, else a province code that has communes here."""
    if province == "all":
        return "*"
    scope = province or commune.province_code
    if not scope:
        raise AdminError(f"Commune {commune.code} has no province on record; give --province <2-digit code> or "
                         "--province all.")
    if not await repo.province_communes(scope):
        raise AdminError(f"No commune of province {scope!r} is served here; give its 2-digit code or 'all'.")
    return scope


async def _commune(repo, commune_code: str):
    commune = await repo.commune_by_code(commune_code)
    if commune is None:
        raise AdminError(f"No commune with code {commune_code}. Add it first with 'doithoai commune add'.")
    return commune


async def list_staff(database: Database, commune_code: str) -> str:
    """Every staff membership of a commune: id, name, role, department or village, since when."""
    async with database.unit_of_work() as uow:
        commune = await _commune(uow.repo, commune_code)
        rows = await uow.repo.staff_of(commune.id)
        villages = await uow.repo.village_names(commune.id)
    lines = [f"Staff of {commune.code} {commune.name} ({len(rows)}):"]
    for member, person in rows:
        scope = member.department_code or villages.get(member.village_id, "-")
        lines.append(f"  #{member.id}  {person.full_name or '-'}  {member.role}  {scope}  "
                     f"since {Translator.date(member.created_at)}")
    return "\n".join(lines)


async def remove_staff(database: Database, commune_code: str, member_id: int, actor: str) -> str:
    """Remove one membership (audited); the person is told and loses every staff view at once."""
    from handlers.people.staff import remove_member  # a handler module: not loaded when the bot starts

    async with database.unit_of_work() as uow:
        repo = uow.repo
        commune = await _commune(repo, commune_code)
        member = await repo.get_staff_member(member_id)
        if member is None or member.commune_id != commune.id:
            raise AdminError(f"No staff member #{member_id} in commune {commune_code}; see 'doithoai staff list'.")
        person = await repo.get_person(member.person_id)
        await remove_member(repo, member, actor=actor, actor_person_id=None, now=datetime.now(timezone.utc))
        left = [m for m, _ in await repo.staff_of(commune.id) if m.role in MANAGERS]
        await uow.commit()
    note = "" if left else ("\nNote: the commune has no chairperson, secretary or administrator left; invite one "
                            "with 'doithoai staff invite'.")
    return f"Removed {person.full_name or '-'} ({member.role}) from {commune.code} {commune.name}.{note}"


async def list_invites(database: Database, commune_code: str) -> str:
    """A commune's invites with their state: open, used, expired or revoked (codes are not shown)."""
    now = datetime.now(timezone.utc)
    async with database.unit_of_work() as uow:
        commune = await _commune(uow.repo, commune_code)
        invites = await uow.repo.invites_of(commune.id)
    lines = [f"Invites of {commune.code} {commune.name} ({len(invites)}):"]
    for invite in invites:
        lines.append(f"  #{invite.id}  {invite.role}  {invite.department_code or '-'}  "
                     f"created {Translator.datetime(invite.created_at)}  {_invite_state(invite, now)}")
    return "\n".join(lines)


def _invite_state(invite, now: datetime) -> str:
    if invite.revoked_at:
        return f"revoked {Translator.datetime(invite.revoked_at)}"
    if invite.used_at:
        return f"used {Translator.datetime(invite.used_at)} by person #{invite.used_by}"
    if invite.expires_at <= now:
        return f"expired {Translator.datetime(invite.expires_at)}"
    return f"open until {Translator.datetime(invite.expires_at)}"


async def revoke_invite(database: Database, commune_code: str, invite_id: int, actor: str) -> str:
    """Make an unused invite unusable (audited)."""
    now = datetime.now(timezone.utc)
    async with database.unit_of_work() as uow:
        repo = uow.repo
        commune = await _commune(repo, commune_code)
        invite = await repo.get_invite(invite_id)
        if invite is None or invite.commune_id != commune.id:
            raise AdminError(f"No invite #{invite_id} in commune {commune_code}; see 'doithoai invite list'.")
        if invite.used_at or invite.revoked_at:
            raise AdminError(f"Invite #{invite_id} is already {_invite_state(invite, now).split()[0]}; nothing "
                             "was changed. To take a role away, use 'doithoai staff remove'.")
        invite.revoked_at = now
        await repo.add_staff_audit(commune_id=commune.id, actor=actor, action="revoke", role=invite.role,
                                   detail=f"invite {invite.id}")
        await uow.commit()
    return f"Revoked invite #{invite_id} ({invite.role}) of {commune.code} {commune.name}."
