"""/invitations <session>: the secretary builds a session's invitation list — each category in one press (village
heads, organisations, residents who asked, household representatives), a named guest typed, one removed — and sees
the counts by category. The Fatherland Front sees the list's counts and organisations and proposes guests, which the
secretary accepts or refuses."""
from __future__ import annotations

from typing import Any

from handlers.commune.kinds import unit_words
from handlers.conversation.access import MANAGERS, Role
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import ButtonPressed, Command, TextMessage
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import normalise
from handlers.invitations.buttons import INVITATIONS, INVITEE, INVITEE_PAGE, PROPOSE
from handlers.invitations.common import labeller, session_title, staff_session
from handlers.invitations.rules import LISTED, ORGANISATIONS, PROPOSED, RESIDENTS, Category, split_guest
from handlers.invitations.states import State
from handlers.invitations.views import LABELS, list_text
from handlers.sessions.rules import SessionState

ORGANISERS = MANAGERS | {Role.SUPPORT}
UPCOMING = (SessionState.DRAFT, SessionState.ANNOUNCED, SessionState.INTAKE_CLOSED, SessionState.IN_PROGRESS)


async def show_invitations(event: Command, ctx: Context) -> list[Reply]:
    """/invitations 3 — or, without a number, the commune's sessions to choose from."""
    arg = normalise(event.args).lstrip("#")
    if arg:
        if not (arg.isascii() and arg.isdigit()) or len(arg) > 9:
            raise InvalidInput(ctx.t("Please give the session's number, for example /invitations 3."))
        return [await list_reply(ctx, await staff_session(ctx, int(arg)))]
    communes = {m.commune_id for m in ctx.staff}
    sessions = [s for c in communes for s in await ctx.repo.sessions_of(c, UPCOMING)]
    if not sessions:
        return [Reply(ctx.t("There is no session being prepared or held."))]
    buttons = [[Button(await session_title(ctx, s), INVITATIONS.build(verb="open", id=s.id))] for s in sessions]
    return [ctx.reply(ctx.t("Which session's invitation list?"), buttons)]


async def list_reply(ctx: Context, session: Any, note: str = "", edit: bool = False) -> Reply:
    rows = await ctx.repo.invitations(session.id)
    walk_ins = await ctx.repo.walk_ins(session.id)
    text = list_text(await session_title(ctx, session), rows, walk_ins, ctx.t)
    if not ORGANISERS & ctx.roles:  # the Fatherland Front: counts, organisations and guests, never residents
        label = await labeller(ctx, rows)
        named = [label(r) for r in rows if r.category not in RESIDENTS and r.category != Category.VILLAGE_HEAD]
        text += "".join(f"\n• {n}" for n in named)
        return ctx.reply(text, [[Button(ctx.t("➕ Propose a guest"), PROPOSE.build(id=session.id))]], edit=edit)
    proposals = await ctx.repo.invitations(session.id, (PROPOSED,))
    label = await labeller(ctx, proposals)
    replies_text = "\n".join([note, text] if note else [text])
    build = {verb: INVITATIONS.build(verb=verb, id=session.id) for verb in INVITATIONS.fields[0].values}
    t = ctx.t
    buttons = [[Button(t("➕ Village heads"), build["heads"]), Button(t("➕ Organisations"), build["orgs"])],
               [Button(t("➕ Residents who asked"), build["askers"]), Button(t("➕ Households"), build["homes"])],
               [Button(t("➕ A named guest"), build["guest"]),
                Button(t("✖ Remove someone"), INVITEE_PAGE.build(what="rm", session=session.id, page=0))],
               [Button(t("📨 Send chat invitations"), build["send"]), Button(t("📄 GIẤY MỜI"), build["doc"])],
               [Button(t("✅ Attendance"), INVITEE_PAGE.build(what="tick", session=session.id, page=0)),
                Button(t("🏛 Venue QR code"), build["venue"]), Button(t("➕ Walk-in"), build["walk"])]]
    for row in proposals:
        replies_text += "\n" + t("Proposed by the Fatherland Front: {who}").format(who=label(row))
        buttons.append([Button(t("✅ Accept: {who}").format(who=label(row))[:60], INVITEE.build(verb="ok", id=row.id)),
                        Button(t("✖ Refuse"), INVITEE.build(verb="no", id=row.id))])
    return ctx.reply(replies_text, buttons, edit=edit)


async def list_pressed(ctx: Context, session: Any, verb: str) -> list[Reply]:
    """Open the list, or add a category to it."""
    if verb == "open":
        return [await list_reply(ctx, session)]
    if verb == "guest":
        ctx.go(State.GUEST, session_id=session.id)
        return [Reply(ctx.t("Type the guest's name and their title or organisation, separated by a comma, for "
                            "example: Nguyễn Văn Hùng, Giám đốc Hợp tác xã Đồng Tiến. Or send /cancel."))]
    category, added = await ADDERS[verb](ctx, session)
    note = ctx.t("Added to the list: {n} ({category}).").format(n=added, category=ctx.t(LABELS[category]))
    return [await list_reply(ctx, session, note)]


async def _add(ctx: Context, session: Any, category: str, people: list[tuple[int, int | None]]) -> int:
    added = 0
    for person_id, village_id in people:
        row = await ctx.repo.add_invitation(commune_id=session.commune_id, session_id=session.id, category=category,
                                            person_id=person_id, village_id=village_id)
        added += row is not None
    return added


async def _heads(ctx: Context, session: Any) -> tuple[str, int]:
    villages = await ctx.repo.session_village_ids(session)
    heads = [(a.person_id, v) for a, v in await ctx.repo.heads_of(session.commune_id, villages)]
    return Category.VILLAGE_HEAD, await _add(ctx, session, Category.VILLAGE_HEAD, heads)


async def _askers(ctx: Context, session: Any) -> tuple[str, int]:
    people = await ctx.repo.people(await ctx.repo.askers_in(session.id))
    askers = [(p.id, p.village_id) for p in people.values()]
    return Category.ASKER, await _add(ctx, session, Category.ASKER, askers)


async def _households(ctx: Context, session: Any) -> tuple[str, int]:
    """Registered residents of the session's villages who chose to be told about sessions, one per person."""
    villages = await ctx.repo.session_village_ids(session)
    homes = [(a.person_id, a.village_id) for a in await ctx.repo.resident_audience(session.commune_id, villages)]
    return Category.HOUSEHOLD, await _add(ctx, session, Category.HOUSEHOLD, homes)


async def _organisations(ctx: Context, session: Any) -> tuple[str, int]:
    """The Front, the People's Council, the Party committee and the unions, each once; the staffer who holds the
    organisation's role (if any) gets its chat invitation."""
    unit = unit_words((await ctx.repo.get_commune(session.commune_id)).kind).unit
    listed = {r.title for r in await ctx.repo.invitations(session.id, (LISTED, PROPOSED))}
    added = 0
    for role, words in ORGANISATIONS:
        title = words.format(unit=unit)
        if title in listed:
            continue
        holders = await ctx.repo.staff_with_roles(session.commune_id, [role]) if role else []
        row = await ctx.repo.add_invitation(commune_id=session.commune_id, session_id=session.id,
                                            category=Category.ORGANISATION, title=title,
                                            person_id=holders[0] if holders else None)
        if row is None:  # its holder is already on the list under another category
            row = await ctx.repo.add_invitation(commune_id=session.commune_id, session_id=session.id,
                                                category=Category.ORGANISATION, title=title)
        added += 1
    return Category.ORGANISATION, added


ADDERS = {"heads": _heads, "askers": _askers, "homes": _households, "orgs": _organisations}


async def guest_typed(event: TextMessage, ctx: Context) -> list[Reply]:
    """The secretary's named guest, or the Front's proposal."""
    guest = split_guest(normalise(event.text))
    if guest is None:
        raise InvalidInput(ctx.t("Please type a name, a comma, then the title or organisation, for example: "
                                 "Nguyễn Văn Hùng, Giám đốc Hợp tác xã Đồng Tiến. Or send /cancel."))
    session = await staff_session(ctx, ctx.data.get("session_id", -1), lock=True)
    proposal = ctx.state == State.PROPOSAL
    await ctx.repo.add_invitation(commune_id=session.commune_id, session_id=session.id, category=Category.GUEST,
                                  name=guest[0], title=guest[1], status=PROPOSED if proposal else LISTED,
                                  proposed_by=ctx.person.id if proposal else None)
    ctx.go(IDLE)
    if not proposal:
        return [await list_reply(ctx, session, ctx.t("Added to the list: {who}.").format(who=", ".join(guest)))]
    for person_id in await ctx.repo.staff_with_roles(session.commune_id, [Role.SECRETARY, Role.CHAIR]):
        await ctx.notify(person_id, "invitation.proposal", lambda t: t(
            "The Fatherland Front proposes a guest for session #{id}: {who}. Open /invitations {id} to accept or "
            "refuse.").format(id=session.id, who=", ".join(guest)), commune_id=session.commune_id)
    return [Reply(ctx.t("Your proposal was sent to the secretary, who adds it to the list or not; you will be "
                        "told."))]


async def propose_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    session = await staff_session(ctx, PROPOSE.of(event).id)
    ctx.go(State.PROPOSAL, session_id=session.id)
    return [Reply(ctx.t("Type the guest you propose: their name and their title or organisation, separated by a "
                        "comma. Or send /cancel."))]


async def proposal_answered(ctx: Context, session: Any, row: Any, accepted: bool) -> list[Reply]:
    """The secretary accepts (the guest joins the list) or refuses the Front's proposal; the Front is told."""
    if row.status != PROPOSED:
        raise NotFound(ctx.t("That proposal was already answered."))
    guest = ", ".join(x for x in (row.name, row.title) if x)
    if accepted:
        row.status = LISTED
    else:
        await ctx.repo.remove_invitation(row.id)
    if row.proposed_by:
        await ctx.notify(row.proposed_by, "invitation.proposal", lambda t: (
            t("Your proposed guest {who} was added to the invitation list of session #{id}.") if accepted else
            t("Your proposed guest {who} was not added to the invitation list of session #{id}.")).format(
            who=guest, id=session.id), commune_id=session.commune_id)
    note = ctx.t("Accepted: {who}.") if accepted else ctx.t("Refused: {who}.")
    return [await list_reply(ctx, session, note.format(who=guest))]
