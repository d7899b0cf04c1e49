"""/staff: a manager lists the commune's staff and removes one after confirming. The same removal serves the command
line (bot/admin.py). Every removal is audited; the removed person loses every staff view at their next update
(roles are read on every update) and their chat's command menu is reset then (handlers/menus.sync_menu)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.conversation.access import MANAGERS, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import NotAllowed, NotFound
from handlers.conversation.events import ButtonPressed, Event
from handlers.conversation.i18n import Translator, translator
from handlers.conversation.replies import Button, Reply
from handlers.people.buttons import STAFF_MEMBER
from handlers.people.views import role_label

# conversations only staff can be in: a removed staffer's chats leave them (a resident's draft question stays)
STAFF_STATES = ("staff.", "plan.", "conclusion.", "proxy.", "policy.")
MAX_LISTED = 40


def is_last_manager(members: list[Any], target: Any) -> bool:
    """Removing target would leave the commune with no chair, secretary or administrator to manage it."""
    return target.role in MANAGERS and not any(m.id != target.id and m.role in MANAGERS for m in members)


def scope_label(member: Any, villages: dict[int, str], departments: dict[str, str]) -> str:
    if member.department_code:
        return departments.get(member.department_code, member.department_code)
    return villages.get(member.village_id, "") if member.village_id else ""


async def show_staff(event: Event, ctx: Context) -> list[Reply]:
    """/staff: every membership of the manager's commune — name, role, department or village — with Remove."""
    manager = membership(ctx, MANAGERS)
    t = ctx.t
    rows = await ctx.repo.staff_of(manager.commune_id)
    villages = await ctx.repo.village_names(manager.commune_id)
    departments = {d.code: d.name for d in await ctx.repo.departments(manager.commune_id)}
    commune = await ctx.repo.get_commune(manager.commune_id)
    lines = [t("Staff of {commune} ({n}):").format(commune=commune.name, n=len(rows))]
    buttons = []
    for number, (member, person) in enumerate(rows[:MAX_LISTED], start=1):
        scope = scope_label(member, villages, departments)
        lines.append(f"{number}. {person.full_name or '—'} — {role_label(member.role, t)}" +
                     (f" · {scope}" if scope else ""))
        label = t("Remove: {name} ({role})").format(name=person.full_name or "—", role=role_label(member.role, t))
        buttons.append([Button(label[:60], STAFF_MEMBER.build(verb="rm", id=member.id))])
    return [ctx.reply("\n".join(lines), buttons)]


async def staff_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """st:rm:<member> asks to confirm; st:ok:<member> removes; st:no:<member> changes nothing."""
    manager = membership(ctx, MANAGERS)
    pressed = STAFF_MEMBER.of(event)
    verb = pressed.verb
    if verb == "no":
        return [Reply(ctx.t("Nothing was changed."), edit=True)]
    target = await ctx.repo.get_staff_member(pressed.id)
    if target is None or target.commune_id != manager.commune_id:
        raise NotFound(ctx.t("This button is no longer active."))
    person = await ctx.repo.get_person(target.person_id)
    who = {"name": person.full_name if person else "—", "role": role_label(target.role, ctx.t)}
    if verb == "rm":
        text = ctx.t("Remove {name} ({role}) from the commune's staff? They lose every staff view at once; they "
                     "can still use the assistant as a resident.").format(**who)
        return [ctx.reply(text, [[Button(ctx.t("Yes, remove"), STAFF_MEMBER.build(verb="ok", id=target.id)),
                                  Button(ctx.t("No"), STAFF_MEMBER.build(verb="no", id=target.id))]], edit=True)]
    members = [member for member, _ in await ctx.repo.staff_of(manager.commune_id)]
    if is_last_manager(members, target):
        raise NotAllowed(ctx.t("{name} is the commune's last chairperson, secretary or administrator, so they cannot "
                               "be removed. Invite another one first.").format(**who))
    await remove_member(ctx.repo, target, actor=f"person:{ctx.person.id}", actor_person_id=ctx.person.id,
                        now=ctx.now)
    ctx.queued = True
    ctx.staff = await ctx.repo.staff_roles(ctx.person.id)  # removing oneself ends one's own views at once
    return [Reply(ctx.t("Done: {name} ({role}) was removed from the commune's staff and has been told.").format(
        **who), edit=True)]


async def remove_member(repo: Any, member: Any, *, actor: str, actor_person_id: int | None,
                        now: datetime) -> None:
    """Delete a membership, audit it, end the person's staff-only conversations and tell them."""
    await repo.remove_staff_member(member)
    await repo.add_staff_audit(commune_id=member.commune_id, actor=actor, actor_person_id=actor_person_id,
                               action="remove", target_person_id=member.person_id, role=member.role,
                               detail=f"member {member.id}, department {member.department_code or '-'}, "
                                      f"village {member.village_id or '-'}", at=now)
    remaining = await repo.staff_roles(member.person_id)
    if not remaining:
        await repo.reset_states(member.person_id, STAFF_STATES)
    commune = await repo.get_commune(member.commune_id)
    accounts = await repo.accounts_of(member.person_id)
    if accounts:
        account = accounts[0]
        text = removal_notice(member.role, commune.name, bool(remaining), translator(account.language, commune.kind))
        await repo.enqueue(bot_id=account.bot_id, channel=account.channel, chat_id=account.chat_id,
                           kind="staff.removed", payload={"text": text}, commune_id=member.commune_id)


def removal_notice(role: str, commune: str, still_staff: bool, t: Translator) -> str:
    text = t("Your role “{role}” in {commune} has ended.").format(role=role_label(role, t), commune=commune)
    return text if still_staff else text + " " + t("You can still use the assistant as a resident: send /help.")
