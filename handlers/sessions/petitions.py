"""Requests for an extraordinary session (đề nghị tổ chức đối thoại đột xuất): start, sign once, withdraw.

At the threshold (policy: petition.percent of petition.voter_count) the chair and the Fatherland Front — staff
members with the role "front" — are told, and a draft extraordinary session is created for the chair to plan."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from handlers.commune.policy import load_session_policy, policy_int
from handlers.commune.words import kind_of
from handlers.conversation.access import Role
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAllowed, NotFound
from handlers.conversation.events import ButtonPressed, Event, TextMessage
from handlers.conversation.i18n import translator
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import normalise
from handlers.people.rules import NOTICE_VERSION, PETITION as PETITION_PURPOSE, evidence as consent_evidence
from handlers.people.views import petition_notice
from handlers.sessions.buttons import PETITION, PETITION_NEW
from handlers.sessions.petition_rules import reached, signatures_needed
from handlers.sessions.rules import SessionState, default_intake_close
from handlers.sessions.states import State
from handlers.sessions.views import title_of

MAX_THEME_CHARS = 200
NOTIFIED_ROLES = (Role.CHAIR.value, Role.FRONT.value)


async def show_petitions(event: Event, ctx: Context) -> list[Reply]:
    """/petition: the commune's open requests with progress, and a button to start one."""
    petitions = await ctx.repo.petitions_of(ctx.person.commune_id, ["open"])
    threshold = await _threshold(ctx, ctx.person.commune_id)
    lines, rows = [], []
    for petition in petitions:
        signers = await ctx.repo.signers(petition.id)
        lines.append(_progress(ctx, petition, len(signers), threshold))
        if ctx.person.id in signers:
            rows.append([Button(ctx.t("Withdraw my signature: {theme}").format(theme=petition.theme)[:60],
                                PETITION.build(verb="wd", id=petition.id))])
        else:
            rows.append([Button(ctx.t("Sign: {theme}").format(theme=petition.theme)[:60],
                                PETITION.build(verb="sign", id=petition.id))])
    if not petitions:
        lines.append(ctx.t("There is no request for an extraordinary dialogue session in your commune now."))
    rows.append([Button(ctx.t("Start a new request"), PETITION_NEW.build())])
    return [ctx.reply("\n\n".join(lines), rows)]


def _progress(ctx: Context, petition: Any, signatures: int, threshold: tuple[int, int]) -> str:
    needed, percent = threshold
    return ctx.t("Request for an extraordinary dialogue session: “{theme}”\nSignatures: {n} of {needed} needed "
                 "({percent}% of the commune's voters).").format(theme=petition.theme, n=signatures, needed=needed,
                                                                 percent=percent)


async def _threshold(ctx: Context, commune_id: int) -> tuple[int, int]:
    """(signatures needed, percent of voters) from the commune's policy."""
    values = await ctx.repo.policy_values(commune_id)
    percent = policy_int(values, "petition.percent")
    return signatures_needed(policy_int(values, "petition.voter_count"), percent), percent


async def petition_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """pe:new | pe:sign:<id> | pe:wd:<id>"""
    if PETITION_NEW.parse(event.data) is not None:
        if not (await _threshold(ctx, ctx.person.commune_id))[0]:
            raise NotAllowed(ctx.t("The commune has not yet recorded its number of voters, so a request cannot be "
                                   "counted. Please contact the commune office."))
        ctx.go(State.PETITION_THEME)
        return [Reply(ctx.t("Please type the theme of the extraordinary dialogue session you are asking for, in one "
                            "short message. Send /cancel to stop."))]
    pressed = PETITION.of(event)
    if pressed.verb in ("ok", "no"):
        return await _consent_answered(event, ctx, pressed.verb == "ok", pressed.id)
    petition = await _own_petition(ctx, pressed.id)
    if pressed.verb == "sign":
        if ctx.person.id in await ctx.repo.signers(petition.id):
            raise NotAllowed(ctx.t("You have already signed this request; each resident signs once."))
        return [_consent_question(ctx, petition.id)]
    if not await ctx.repo.withdraw_signature(petition.id, ctx.person.id):
        raise NotAllowed(ctx.t("You have not signed this request."))
    count = len(await ctx.repo.signers(petition.id))
    return [Reply(ctx.t("Your signature was withdrawn.") + "\n" +
                  _progress(ctx, petition, count, await _threshold(ctx, petition.commune_id)))]


async def theme_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    theme = normalise(event.text)
    if not theme or len(theme) > MAX_THEME_CHARS or "\n" in theme:
        raise InvalidInput(ctx.t("Please type the theme in one line of at most {limit} characters.").format(
            limit=MAX_THEME_CHARS))
    ctx.go(State.PETITION_AGREE, theme=theme)
    return [_consent_question(ctx, 0)]


def _consent_question(ctx: Context, petition_id: int) -> Reply:
    """Signing puts the person's name on the request: asked at the moment (Law 91/2025), with neutral labels."""
    buttons = (Button(ctx.t("Agree"), PETITION.build(verb="ok", id=petition_id)),
               Button(ctx.t("Do not agree"), PETITION.build(verb="no", id=petition_id)))
    return Reply(petition_notice(ctx.t), buttons=(buttons,))


async def _consent_answered(event: ButtonPressed, ctx: Context, agreed: bool, petition_id: int) -> list[Reply]:
    starting = petition_id == 0
    if starting and ctx.state != State.PETITION_AGREE:
        raise NotFound(ctx.t("This button is no longer active."))
    if not agreed:
        ctx.go(IDLE)
        return [Reply(ctx.t("Understood. Nothing was signed."), edit=True)]
    theme = ctx.data.get("theme", "")
    petition = await (ctx.repo.add_petition(ctx.person.commune_id, ctx.person.id, theme) if starting
                      else _own_petition(ctx, petition_id))
    ctx.go(IDLE)
    proof = consent_evidence(event.ref.channel, event.ref.chat_id, event.message_id, event.update_id)
    await ctx.repo.record_consent(ctx.person.id, PETITION_PURPOSE, NOTICE_VERSION, f"{proof}:petition-{petition.id}",
                                  ctx.account.language, event.ref.channel, supersede=False)
    replies = await _sign(ctx, petition)
    if starting:
        started = ctx.t("Your request was started and signed by you. Other residents can sign it with /petition.")
        return [Reply(started)] + replies
    return replies


async def _own_petition(ctx: Context, petition_id: int) -> Any:
    petition = await ctx.repo.get_petition(petition_id, lock=True)
    if petition is None or petition.commune_id != ctx.person.commune_id:
        raise NotFound(ctx.t("Only residents of the commune concerned can sign this request."))
    if petition.state != "open":
        raise NotAllowed(ctx.t("This request has already reached its threshold and was passed to the chairperson."))
    return petition


async def _sign(ctx: Context, petition: Any) -> list[Reply]:
    if not await ctx.repo.sign_petition(petition.id, ctx.person.id):
        raise NotAllowed(ctx.t("You have already signed this request; each resident signs once."))
    count, threshold = len(await ctx.repo.signers(petition.id)), await _threshold(ctx, petition.commune_id)
    text = ctx.t("Thank you, your signature was recorded.") + "\n" + _progress(ctx, petition, count, threshold)
    if reached(count, threshold[0]):
        session = await _reach(ctx, petition, count, threshold[1])
        text += "\n" + ctx.t("The threshold is reached. The chairperson and the Fatherland Front have been told, "
                             "and a draft extraordinary session (#{id}) was created.").format(id=session.id)
    return [Reply(text)]


async def _reach(ctx: Context, petition: Any, count: int, percent: int) -> Any:
    """Close the request, create the draft extraordinary session and tell the chair and the Front."""
    policy = await load_session_policy(ctx.repo, petition.commune_id)
    starts = ctx.now + timedelta(days=policy.lead_days_warn)  # a placeholder date the chair changes when planning
    shape = SimpleNamespace(kind="extraordinary", theme=petition.theme)
    commune_kind = await kind_of(ctx.repo, petition.commune_id)
    session = await ctx.repo.save_session(
        None, [], commune_id=petition.commune_id, kind="extraordinary", theme=petition.theme[:200],
        title=title_of(shape, translator("vi", commune_kind), commune_kind)[:200], state=SessionState.DRAFT.value,
        starts_at=starts, intake_closes_at=default_intake_close(starts, policy), co_organisers="front")
    petition.state, petition.reached_at, petition.session_id = "reached", ctx.now, session.id
    for person_id in await ctx.repo.staff_with_roles(petition.commune_id, NOTIFIED_ROLES):
        await ctx.notify(person_id, "petition.reached", lambda t: t(
            "A request for an extraordinary dialogue session on “{theme}” has {n} signatures, reaching {percent}% of "
            "the commune's voters. A draft session #{id} was created; plan it with /sessions.").format(
            theme=petition.theme, n=count, percent=percent, id=session.id), commune_id=petition.commune_id)
    for person_id in await ctx.repo.signers(petition.id):
        if person_id != ctx.person.id:  # the last signer reads it in the reply
            await ctx.notify(person_id, "petition.reached", lambda t: t(
                "The request “{theme}” that you signed has reached its threshold and was passed to the chairperson "
                "and the Fatherland Front.").format(theme=petition.theme), commune_id=petition.commune_id)
    return session
