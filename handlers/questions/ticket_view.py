"""A question as staff see it: details, audit trail and the actions they may take."""
from __future__ import annotations

from typing import Any

from handlers.commune.topics import topic_label
from handlers.conversation.access import CONSOLIDATORS, MANAGERS, may_see_denouncer, may_see_identity, may_view_reception
from handlers.conversation.context import Context
from handlers.conversation.replies import Button, Reply
from handlers.questions.acknowledgement import may_accept
from handlers.questions.buttons import (QUESTION_ACCEPT, QUESTION_ACTION, QUESTION_COMPLEX, QUESTION_FILES,
                                        QUESTION_TOPIC_MENU)
from handlers.questions.complaint_rules import RECEPTION_KINDS, Kind
from handlers.questions.reception_rules import ReceptionPolicy
from handlers.questions.reception_views import kind_label, reclassify_rows
from handlers.questions.rules import OPEN_STATES, WRITTEN_ANSWER_STATES, Action, TicketState, allowed_actions, may_act
from handlers.questions.views import outcome_lines, state_label
from handlers.questions.voice import listen_row, staff_lines


async def staff_detail(ctx: Context, question: Any, member: Any) -> Reply:
    t, repo = ctx.t, ctx.repo
    asker = await repo.get_person(question.asker_id)
    village = await repo.get_village(question.village_id)
    session = await repo.get_session(question.session_id)
    department = await repo.department_name(question.commune_id, question.department_code)
    merged = await repo.get_question(question.merged_into_id) if question.merged_into_id else None
    attachments = await repo.attachments(question.id)
    voice = await repo.voice_of(question.id)
    identity = await sees_asker(ctx, question)
    lines = [t("Question {code}").format(code=question.code),
             t("Status: {state}").format(state=state_label(question.state, t)),
             t("Field: {topic}").format(topic=topic_label(question.topic, t)),
             t("Session: {name}").format(name=session.title if session else t("General questions (no session)"))]
    if question.kind in RECEPTION_KINDS:
        lines.append(t("Kind: {kind}").format(kind=kind_label(question.kind, t)))
        if question.against_chair:
            lines.append(t("The asker says the Chairman is the one denounced: forward it to the higher level, "
                           "without the asker's name."))
        if question.due_on and question.state == TicketState.NEW:
            lines.append(t("Reception desk deadline: {date} at the latest").format(date=t.date(question.due_on)))
    place = village.name if village else "—"
    if identity:
        lines.append(t("Asked by: {name}, {village}").format(name=asker.full_name if asker else "?", village=place))
        if asker is not None and asker.phone:
            lines.append(t("Phone: {phone}").format(phone=asker.phone))
    else:
        lines.append(t("Asked by: a resident of {village}").format(village=place))
    gathered = await repo.front_intake(question.id)
    if gathered is not None:
        lines.append(t("Submitted by the Fatherland Front on residents' behalf; source: {source}").format(
            source=gathered.source))
    if question.acknowledged_at is None and question.ack_due_on is not None:
        lines.append(t("The sender must be told how it is handled no later than {date}.").format(
            date=t.date(question.ack_due_on)))
    lines += ["", question.text, *staff_lines(voice, t), ""]
    lines += outcome_lines(question, t, department, merged.code if merged else "")
    if attachments:
        lines.append(t("Attached files: {n}").format(n=len(attachments)))
    lines += ["", t("History:")] + await _history(ctx, question, identity)
    buttons = _action_buttons(ctx, question, member, bool(attachments))
    listen = listen_row(voice, question, t)
    return Reply("\n".join(lines).strip(), buttons=(listen, *buttons) if listen else buttons)


async def sees_asker(ctx: Context, question: Any) -> bool:
    """Names and phones for the chair and secretary; a denouncer's for the role the commune's policy names (the
    chair by default) alone, and for nobody at the commune when the chair is the one denounced."""
    roles = {m.role for m in ctx.staff_in(question.commune_id)}
    if question.kind != Kind.DENUNCIATION:
        return may_see_identity(roles)
    if question.against_chair:
        return False
    holder = ReceptionPolicy(await ctx.repo.policy_values(question.commune_id)).identity_role
    return may_see_denouncer(roles, holder)


async def _history(ctx: Context, question: Any, identity: bool) -> list[str]:
    t, lines = ctx.t, []
    for event in await ctx.repo.events(question.id):
        actor = await ctx.repo.get_person(event.actor_id)
        change = state_label(event.to_state, t)
        if event.from_state and event.from_state != event.to_state:
            change = f"{state_label(event.from_state, t)} → {change}"
        resident = event.actor_id == question.asker_id or event.action == "claim"  # a claim's note is a name
        who = actor.full_name if actor else "—"
        if resident and not identity:
            who, note = t("the asker"), "" if event.action == "claim" else event.note
        else:
            note = event.note
        lines.append(f"• {t.datetime(event.at)} · {who}: {change}" + (f" ({note})" if note else ""))
    return lines


def _action_buttons(ctx: Context, question: Any, member: Any, has_files: bool) -> tuple[tuple[Button, ...], ...]:
    t = ctx.t
    labels = {Action.ASSIGN: t("Assign"), Action.ANSWER: t("Answer"), Action.DECLINE: t("Decline"),
              Action.FORWARD: t("Forward"), Action.MERGE: t("Merge")}
    own = question.department_code is not None and question.department_code == member.department_code
    buttons = [Button(labels[a], QUESTION_ACTION.build(action=a.value, id=question.id))
               for a in allowed_actions(question.state) if may_act({member.role}, a, own_department=own)]
    rows = [tuple(buttons[i:i + 3]) for i in range(0, len(buttons), 3)]
    if may_accept(question) and member.role in MANAGERS:
        rows.insert(0, (Button(t("✅ Accept for the session"), QUESTION_ACCEPT.build(id=question.id)),))
    if question.state in OPEN_STATES and member.role in CONSOLIDATORS:
        rows.append((Button(t("🏷 Change field"), QUESTION_TOPIC_MENU.build(id=question.id)),))
    if has_files:
        rows.append((Button(t("📎 Show files"), QUESTION_FILES.build(id=question.id)),))
    if question.state in OPEN_STATES and may_view_reception({member.role}):
        rows += reclassify_rows(t, question)
    if question.state in WRITTEN_ANSWER_STATES and not question.complex and member.role in MANAGERS \
            and question.kind != Kind.DENUNCIATION:
        rows.append((Button(t("⏳ Complex matter: longer deadline"), QUESTION_COMPLEX.build(id=question.id)),))
    return tuple(rows)
