"""Complaints and denunciations. A submission that may be one stays a question for the session until the asker
chooses (Đưa ra hội nghị / Đây là khiếu nại / Đây là tố cáo); the reception desk may correct the kind, and the
asker is told. Complaints and denunciations go to the citizen reception desk with their deadlines; a denunciation of
the commune chair goes to the higher level, hidden from the chair."""
from __future__ import annotations

from typing import Any

from handlers.commune.kinds import kind_word
from handlers.commune.policy import load_deadlines
from handlers.conversation.access import RECEPTION, Role, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import ButtonPressed, Command, Event
from handlers.conversation.i18n import VIETNAM, Translator
from handlers.conversation.replies import Button, Reply
from handlers.people.views import role_label
from handlers.questions.access import question_by_code_for_staff, question_for_staff, sees_reception_item
from handlers.questions.buttons import DENOUNCED_CHAIR, KIND_CHOSEN, QUESTION, RECLASSIFY
from handlers.questions.complaint_rules import RECEPTION_KINDS, Kind, classify, typed_kind
from handlers.questions.reception_rules import ReceptionPolicy, first_due
from handlers.questions.reception_views import kind_label, kind_rows, reclassify_rows
from handlers.questions.rules import TicketState, parse_code

LIVE_SESSION_STATES = ("announced", "intake_closed", "in_progress")  # a question may still go back to these


# --- at intake: the asker chooses -------------------------------------------------------------------------------
def offer_choice(ctx: Context, question: Any, *, for_resident: str = "") -> Reply | None:
    """When the text may be a complaint or a denunciation, explain the difference and let the asker choose; the
    question stays on the session's list meanwhile. `for_resident`: the name, when a village head entered it."""
    if classify(question.text) not in RECEPTION_KINDS:
        return None
    t = ctx.t
    if for_resident:
        text = t("What {name} said may be a complaint or a denunciation, which follow their own procedures, not the "
                 "dialogue session. A complaint asks to review an administrative decision or act that harms one's own "
                 "rights; a denunciation reports a violation of the law by an official, a body or a person.").format(
            name=for_resident)
    else:
        text = t("What you sent may be a complaint or a denunciation, which follow their own procedures, not the "
                 "dialogue session. A complaint asks to review an administrative decision or act that harms your own "
                 "rights; a denunciation reports a violation of the law by an official, a body or a person.")
    if question.session_id:
        stays = t("Unless you choose otherwise, {code} stays on the list of the dialogue session.")
    else:
        stays = t("Unless you choose otherwise, {code} stays a petition to the commune.")
    text += "\n" + stays.format(code=question.code)
    if for_resident:
        text += " " + t("Please ask {name} before choosing.").format(name=for_resident)
    return Reply(text, buttons=kind_rows(t, question.id, KIND_CHOSEN))


async def kind_chosen(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """qk:<kind>:<id> — the asker's choice, while nobody has acted on the question yet."""
    pressed = KIND_CHOSEN.of(event)
    question = await _own_new(ctx, pressed.id)
    if await _desk_decided(ctx, question):  # staff have the last word
        raise InvalidInput(ctx.t("The citizen reception desk has already decided how {code} is handled. Please "
                                 "contact it if you see it differently.").format(code=question.code))
    if pressed.to == Kind.DENUNCIATION:
        return [_ask_about_chair(ctx.t, question, await _unit(ctx.repo, question))]
    await set_kind(ctx, question, pressed.to, actor_id=ctx.person.id)
    return [Reply(await procedure(ctx.repo, question, ctx.t, chosen_by_asker=True, staff_voice=_is_head(ctx)),
                  edit=True)]


def _ask_about_chair(t: Translator, question: Any, unit: str = "") -> Reply:
    text = t("Is the person you denounce the Chairman of the People's Committee of the {unit}? A denunciation of the "
             "Chairman goes to the higher level, and the Chairman does not see it.").format(unit=unit)
    rows = ((Button(t("Yes, the Chairman"), DENOUNCED_CHAIR.build(chair="y", id=question.id)),),
            (Button(t("No, someone else"), DENOUNCED_CHAIR.build(chair="n", id=question.id)),))
    return Reply(text, buttons=rows, edit=True)


async def chair_answered(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """qk:ch:<y|n>:<id> — is the commune chair the one denounced?"""
    pressed = DENOUNCED_CHAIR.of(event)
    question = await _own_new(ctx, pressed.id)
    if question.kind != Kind.DENUNCIATION and await _desk_decided(ctx, question):
        raise InvalidInput(ctx.t("The citizen reception desk has already decided how {code} is handled. Please "
                                 "contact it if you see it differently.").format(code=question.code))
    await set_kind(ctx, question, Kind.DENUNCIATION, actor_id=ctx.person.id, against_chair=pressed.chair == "y")
    return [Reply(await procedure(ctx.repo, question, ctx.t, chosen_by_asker=True, staff_voice=_is_head(ctx)),
                  edit=True)]


async def _own_new(ctx: Context, question_id: int) -> Any:
    question = await ctx.repo.get_question(question_id, lock=True)
    if question is None or ctx.person is None or question.asker_id != ctx.person.id:
        raise NotFound(ctx.t("That question was not found."))
    if question.state != TicketState.NEW:
        raise InvalidInput(ctx.t("The People's Committee has already started on {code}, so its kind can no longer "
                                 "be changed here. Please contact the citizen reception desk.").format(
            code=question.code))
    return question


async def _desk_decided(ctx: Context, question: Any) -> bool:
    """Has a staffer set the kind? Then the asker's old buttons no longer change it."""
    return any(e.action == "classify" and e.actor_id not in (None, question.asker_id)
               for e in await ctx.repo.events(question.id))


async def _unit(repo: Any, question: Any) -> str:
    """"xã Thiện Tân": the commune's kind and name, as in "UBND xã Thiện Tân"."""
    commune = await repo.get_commune(question.commune_id)
    return f"{kind_word(commune.kind)} {commune.name}" if commune else ""


def _is_head(ctx: Context) -> bool:
    return any(m.role == Role.VILLAGE_HEAD for m in ctx.staff)


# --- changing the kind ------------------------------------------------------------------------------------------
async def set_kind(ctx: Context, question: Any, kind: str, actor_id: int | None, against_chair: bool = False) -> None:
    """Move a submission between the session's list and the reception desk, with the desk's first deadline; a
    question goes back to the session it was sent for while that session is still ahead or running."""
    fields: dict[str, Any] = {"kind": kind, "against_chair": kind == Kind.DENUNCIATION and against_chair}
    if kind in RECEPTION_KINDS:
        fields.update(session_id=None, intake_session_id=question.session_id or question.intake_session_id)
        if question.state == TicketState.NEW:
            policy, calendar = await load_deadlines(ctx.repo, question.commune_id)
            reception = ReceptionPolicy(await ctx.repo.policy_values(question.commune_id))
            today = ctx.now.astimezone(VIETNAM).date()
            fields.update(due_on=first_due(kind, fields["against_chair"], today, reception, calendar.is_working_day),
                          due_reminded_at=None, escalated_at=None)
    else:
        session = await ctx.repo.get_session(question.intake_session_id or question.session_id)
        fields.update(session_id=session.id if session and session.state in LIVE_SESSION_STATES else None,
                      intake_session_id=None)
        if question.state == TicketState.NEW:
            fields.update(due_on=None, due_reminded_at=None, escalated_at=None)
    note = kind + (" (against the chair)" if fields["against_chair"] else "")
    await ctx.repo.record_transition(question, action="classify", to_state=question.state, actor_id=actor_id,
                                     note=note, now=ctx.now, **fields)


async def reclassify(event: Command, ctx: Context) -> list[Reply]:
    """/reclassify CODE [khiếu nại | tố cáo | kiến nghị]: without a kind, buttons to choose one."""
    raw_code, _, raw_kind = event.args.strip().partition(" ")
    code = parse_code(raw_code)
    if not code:
        raise InvalidInput(ctx.t("Please write the question's code, for example: /reclassify TT-0042"))
    question, _ = await question_by_code_for_staff(ctx, code)
    if not raw_kind.strip():
        return [ctx.reply(ctx.t("{code} is now handled as: {kind}. Change it to:").format(
            code=question.code, kind=kind_label(question.kind, ctx.t)),
            reclassify_rows(ctx.t, question))]
    kind = typed_kind(raw_kind)
    if kind is None:
        raise InvalidInput(ctx.t("Please write: /reclassify TT-0042 khiếu nại, tố cáo or kiến nghị — or just "
                                 "/reclassify TT-0042 and choose."))
    return await _reclassify(ctx, question, kind)


async def reclassify_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """qrk:<kind>:<id> — a button of /reclassify or of the question's card."""
    pressed = RECLASSIFY.of(event)
    question, _ = await question_for_staff(ctx, pressed.id, lock=True)
    return await _reclassify(ctx, question, Kind(pressed.to))


async def _reclassify(ctx: Context, question: Any, kind: Kind) -> list[Reply]:
    if question.kind == kind:
        return [Reply(ctx.t("{code} is already handled as: {kind}. Nothing was changed.").format(
            code=question.code, kind=kind_label(kind, ctx.t)))]
    await set_kind(ctx, question, kind, actor_id=ctx.person.id)
    asker_is_head = question.asker_id in await ctx.repo.staff_with_role(question.commune_id, [Role.VILLAGE_HEAD])
    text = await procedure(ctx.repo, question, None, chosen_by_asker=False, staff_voice=asker_is_head)

    def buttons(t: Translator) -> list[list[Button]]:  # the asker says whether the chair is the one denounced
        if kind != Kind.DENUNCIATION or question.state != TicketState.NEW:
            return []
        return [[b] for (b,) in _ask_about_chair(t, question).buttons]

    await ctx.notify(question.asker_id, "ticket.classify", text, commune_id=question.commune_id, buttons=buttons)
    return [Reply(ctx.t("{code} is now handled as: {kind}. The asker was told.").format(
        code=question.code, kind=kind_label(kind, ctx.t)))]


# --- what the asker is told -------------------------------------------------------------------------------------
async def procedure(repo: Any, question: Any, t: Translator | None, *, chosen_by_asker: bool,
                    staff_voice: bool = False) -> Any:
    """The asker's message about the kind their submission now has: the text for `t`, or (t None) a function of
    the translator, for a message queued in the asker's language."""
    commune = await repo.get_commune(question.commune_id)
    policy = ReceptionPolicy(await repo.policy_values(question.commune_id))
    unit = await _unit(repo, question)
    province = commune.province_name if commune else ""

    def render(tr: Translator) -> str:
        return procedure_text(question, tr, policy, unit, province, chosen_by_asker, staff_voice)

    return render if t is None else render(t)


def procedure_text(question: Any, t: Translator, policy: ReceptionPolicy, unit: str, province: str,
                   chosen_by_asker: bool, staff_voice: bool) -> str:
    code, kind = question.code, question.kind
    if kind not in RECEPTION_KINDS:
        if question.session_id:
            return t("{code} is a question for the dialogue session: it is on the session's list, and you will be "
                     "told here whenever it moves.").format(code=code)
        return t("{code} is a question for the commune: it will be answered or brought to the next dialogue "
                 "session.").format(code=code)
    if chosen_by_asker:
        head = t("As chosen, {code} was sent to the citizen reception desk of the People's Committee of the {unit} "
                 "as a {kind}; it is no longer on the list of the dialogue session.")
    else:
        head = t("The citizen reception desk of the People's Committee of the {unit} will look at {code} as a "
                 "{kind}, not at the dialogue session.")
    lines = [head.format(code=code, unit=unit, kind=kind_label(kind, t))]
    if staff_voice:
        lines.append(t("Please tell the resident: a chat message is not yet a {kind}; they send an application with "
                       "their signature or state it in person at the People's Committee. The desk replies by {date} "
                       "at the latest.").format(kind=kind_label(kind, t), date=t.date(question.due_on)))
        return "\n".join(lines)
    if kind == Kind.COMPLAINT:
        resolve_key = policy.resolve_key(False)
        lines += [
            t("A chat message is not yet a complaint: to complain, please send an application with your signature, "
              "or state it in person at the People's Committee of the {unit}.").format(unit=unit),
            t("The time limit for complaining is {n} days from the day you received or learned of the decision or "
              "act ({basis}).").format(n=policy.days("complaint.limitation_days"),
                                       basis=policy.basis("complaint.limitation_days")),
            t("When the matter is within the commune's competence, the Chairman of the People's Committee of the "
              "{unit} accepts it and settles it within {n} days of acceptance, {m} days if it is complex ({basis}); "
              "otherwise you are told where to send it.").format(
                unit=unit, n=policy.days(resolve_key), m=policy.days(policy.resolve_key(True)),
                basis=policy.basis(resolve_key))]
    else:
        lines.append(t("A chat message is not yet a denunciation: please send an application with your full name, "
                       "address and signature, or state it in person at the People's Committee of the {unit}.")
                     .format(unit=unit))
        if question.against_chair:
            body = policy.text("denunciation.chair_body") + (f" ({province})" if province else "")
            lines += [t("A denunciation of the Chairman of the People's Committee of the {unit} is settled by the "
                        "{body} ({basis}); the Chairman does not see it, and nobody at the People's Committee sees "
                        "who sent it.").format(unit=unit, body=body,
                                                            basis=policy.basis("denunciation.chair_body"))]
        else:
            lines.append(t("Who sent a denunciation is kept confidential: at the People's Committee of the {unit} "
                           "only the {who} sees it ({basis}).").format(
                unit=unit, who=role_label(policy.identity_role, t), basis=policy.basis("denunciation.identity_role")))
        lines += [t("A report without a name is not handled as a denunciation, but one that gives concrete "
                    "information and evidence of a violation may still be looked into."),
                  t("A denunciation is settled within {n} days of acceptance ({basis}).").format(
                      n=policy.days("denunciation.resolve_days"), basis=policy.basis("denunciation.resolve_days"))]
    if question.due_on:
        if question.against_chair:
            lines.append(t("The reception desk will forward it and tell you by {date} at the latest.").format(
                date=t.date(question.due_on)))
        else:
            lines.append(t("The reception desk will reply to you by {date} at the latest.").format(
                date=t.date(question.due_on)))
    return "\n".join(lines)


# --- the reception desk -----------------------------------------------------------------------------------------
async def show_reception(event: Event, ctx: Context) -> list[Reply]:
    """/reception: complaints and denunciations waiting at the citizen reception desk, with their deadlines; the
    chair does not see a denunciation of the chair."""
    desk = membership(ctx, RECEPTION)  # the chair's or secretary's: not the technical administrator's
    rows = [q for q in await ctx.repo.reception_questions(desk.commune_id, [k.value for k in RECEPTION_KINDS])
            if sees_reception_item(desk, q)]
    if not rows:
        return [Reply(ctx.t("No complaints or denunciations are waiting at the reception desk."))]
    t = ctx.t
    lines = [t("At the reception desk ({n}):").format(n=len(rows))]
    for q in rows:
        line = f"{q.code} · {kind_label(q.kind, t)}"
        if q.against_chair:
            line += " · " + t("of the Chairman: forward to the higher level")
        if q.due_on:
            line += " · " + t("by {date} at the latest").format(date=t.date(q.due_on))
        lines.append(line)
    return [ctx.reply("\n".join(lines), [[Button(q.code, QUESTION.build(id=q.id))] for q in rows[:20]])]
