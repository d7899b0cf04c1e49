"""A session's card for staff, and saving the draft being planned or edited, which ends on that card."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.commune.policy import load_session_policy
from handlers.commune.words import kind_of
from handlers.conversation.context import Context
from handlers.conversation.errors import NotFound
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE
from handlers.invitations.buttons import INVITATIONS
from handlers.meeting.views import record_buttons
from handlers.preparation.views import prepare_buttons
from handlers.publicity.views import publicity_buttons
from handlers.sessions.buttons import SESSION, SESSION_CALENDAR, SESSION_DO, SESSION_EDIT, SESSION_LEAD
from handlers.sessions.rules import SessionState, actions_from, intake_close_at
from handlers.sessions.views import action_name, card, title_of


async def save_draft(ctx: Context) -> list[Reply]:
    """Store the draft being built or edited, then show its card."""
    draft = ctx.data["draft"]
    starts = datetime.fromisoformat(draft["starts_at"])
    policy = await load_session_policy(ctx.repo, draft["commune_id"])
    planned = datetime.fromisoformat(draft["intake_closes"]) if draft.get("intake_closes") else None
    closes = intake_close_at(ctx.now, starts, planned, policy)  # announcing checks it again
    fields = dict(kind=draft.get("kind", "periodic"), theme=draft.get("theme", "general"), starts_at=starts,
                  venue=draft.get("venue", ""), online=bool(draft.get("online")), intake_closes_at=closes,
                  co_organisers=",".join(draft.get("co", [])))
    session_id = ctx.data.get("edit")
    if session_id is None:
        fields.update(commune_id=draft["commune_id"], state=SessionState.DRAFT, created_by=ctx.person.id)
    else:
        await own_session(ctx, session_id, lock=True)  # still there, and still in this staffer's commune
    fields["title"] = title_of(_Draft(fields), ctx.t, await kind_of(ctx.repo, draft["commune_id"]))[:200]
    row = await ctx.repo.save_session(session_id, draft.get("villages", []), **fields)
    ctx.go(IDLE)
    return [await card_reply(ctx, row)]


class _Draft:
    def __init__(self, fields: dict[str, Any]) -> None:
        self.kind, self.theme = fields["kind"], fields["theme"]


async def card_reply(ctx: Context, session: Any, edit: bool = False) -> Reply:
    t = ctx.t
    names = await covered_villages(ctx, session)
    buttons: list[list[Button]] = []
    if session.state == SessionState.DRAFT:
        edits = {field: SESSION_EDIT.build(id=session.id, field=field)
                 for field in ("when", "venue", "theme", "villages")}
        buttons += [[Button(t("Edit time"), edits["when"]), Button(t("Edit venue"), edits["venue"])],
                    [Button(t("Edit theme"), edits["theme"]), Button(t("Edit villages"), edits["villages"])],
                    [Button(t("Chair and audience"), SESSION_LEAD.build(id=session.id))],
                    [Button(t("📣 Announce"), SESSION.build(verb="ann", id=session.id))]]
    else:
        buttons += record_buttons(session, t)
        buttons += prepare_buttons(session, t)
        buttons += [[Button(action_name(a, t), SESSION_DO.build(id=session.id, action=a.value))]
                    for a in actions_from(session.state)]
        buttons.append([Button(t("📊 Reach"), SESSION.build(verb="reach", id=session.id)),
                        Button(t("📅 Calendar"), SESSION_CALENDAR.build(id=session.id))])
        buttons += publicity_buttons(session.id, "ann", t)
    if session.state not in (SessionState.CONCLUDED, SessionState.CLOSED):
        buttons.append([Button(t("📨 Invitation list"), INVITATIONS.build(verb="open", id=session.id))])
    return ctx.reply(card(session, names, t), buttons, edit=edit)


async def covered_villages(ctx: Context, session: Any) -> list[str]:
    names = await ctx.repo.village_names(session.commune_id)
    return [names[v] for v in await ctx.repo.session_village_ids(session) if v in names]


async def own_session(ctx: Context, session_id: int, lock: bool = False) -> Any:
    session = await (ctx.repo.lock_session(session_id) if lock else ctx.repo.get_session(session_id))
    if session is None or session.commune_id not in {m.commune_id for m in ctx.staff}:
        raise NotFound(ctx.t("That session was not found."))
    return session
