"""/invites: a manager sees the commune's staff invitations still waiting to be redeemed and revokes one with a
press (audited, as `doithoai invite revoke` is). A revoked invitation opens nothing; to take a role away from
someone who already redeemed one, /staff removes them."""
from __future__ import annotations

from typing import Any

from handlers.conversation.access import MANAGERS, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import NotFound
from handlers.conversation.events import ButtonPressed, Event
from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Button, Reply
from handlers.people.buttons import INVITE
from handlers.people.staff import scope_label
from handlers.people.views import role_label

MAX_LISTED = 30


def waiting(invite: Any, now: Any) -> bool:
    return invite.used_at is None and invite.revoked_at is None and invite.expires_at > now


def invite_state(invite: Any, t: Translator) -> str:
    if invite.used_at is not None:
        return t("already used")
    return t("already revoked") if invite.revoked_at is not None else t("expired")


async def show_invites(event: Event, ctx: Context) -> list[Reply]:
    """Each waiting invitation of the manager's commune — role, department or village, valid until — to revoke."""
    manager, t = membership(ctx, MANAGERS), ctx.t
    invites = [i for i in await ctx.repo.invites_of(manager.commune_id) if waiting(i, ctx.now)]
    if not invites:
        return [Reply(t("No staff invitation is waiting to be redeemed. New ones are made with "
                        "'doithoai staff invite'."))]
    villages = await ctx.repo.village_names(manager.commune_id)
    departments = {d.code: d.name for d in await ctx.repo.departments(manager.commune_id)}
    lines = [t("Invitations waiting ({n}):").format(n=len(invites))]
    buttons = []
    for invite in invites[:MAX_LISTED]:
        scope = scope_label(invite, villages, departments)
        lines.append(t("#{id} {role}{scope}, valid until {when}").format(
            id=invite.id, role=role_label(invite.role, t), scope=f" · {scope}" if scope else "",
            when=t.datetime(invite.expires_at)))
        buttons.append([Button(t("Revoke #{id}").format(id=invite.id), INVITE.build(id=invite.id))])
    return [ctx.reply("\n".join(lines), buttons)]


async def invite_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """inv:<invite>: revoke it, if it is still waiting and of the manager's commune."""
    manager, t = membership(ctx, MANAGERS), ctx.t
    invite = await ctx.repo.get_invite(INVITE.of(event).id)
    if invite is None or invite.commune_id != manager.commune_id:
        raise NotFound(t("This button is no longer active."))
    who = {"id": invite.id, "role": role_label(invite.role, t)}
    if not waiting(invite, ctx.now):
        return [Reply(t("Invitation #{id} ({role}) is {state}; nothing was changed.").format(
            state=invite_state(invite, t), **who))]
    invite.revoked_at = ctx.now
    await ctx.repo.add_staff_audit(commune_id=invite.commune_id, actor=f"person:{ctx.person.id}",
                                   actor_person_id=ctx.person.id, action="revoke", role=invite.role,
                                   detail=f"invite {invite.id}", at=ctx.now)
    return [Reply(t("Invitation #{id} ({role}) was revoked: it can no longer be redeemed.").format(**who),
                  edit=True)]
