"""The speaker queue: residents register to speak with their question; the secretary calls them with /next."""
from __future__ import annotations

from typing import Any

from handlers.commune.policy import policy_int
from handlers.conversation.access import SPEAKER_KEEPERS, may_see_identity, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAllowed, NotFound
from handlers.conversation.events import ButtonPressed, Event, TextMessage
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_QUESTION_CHARS, normalise
from handlers.meeting.buttons import SPEAK_AGREE, SPEAK_SESSION, SPEAKER
from handlers.meeting.rules import SpeakerStatus, next_in_line, status_after_absence
from handlers.meeting.states import State
from handlers.people.rules import NOTICE_VERSION, SPEAKING, evidence as consent_evidence
from handlers.people.views import speaking_notice
from handlers.sessions.rules import SessionState

REGISTRATION_STATES = (SessionState.ANNOUNCED, SessionState.INTAKE_CLOSED, SessionState.IN_PROGRESS)


async def start_speak(event: Event, ctx: Context) -> list[Reply]:
    """/speak: choose the session (if more than one), then type the question to raise."""
    sessions = await _speakable(ctx)
    if not sessions:
        return [Reply(ctx.t("No dialogue session is taking speakers right now."))]
    if len(sessions) == 1:
        return await _session_picked(ctx, sessions[0])
    rows = [[Button(f"{s.title} ({ctx.t.date(s.starts_at)})"[:60], SPEAK_SESSION.build(id=s.id))] for s in sessions]
    return [ctx.reply(ctx.t("Which session do you want to speak at?"), rows)]


async def session_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    session = await ctx.repo.get_session(SPEAK_SESSION.of(event).id)
    offered = {s.id for s in await _speakable(ctx)}
    if session is None or session.id not in offered:
        raise NotFound(ctx.t("This button is no longer active."))
    return await _session_picked(ctx, session)


async def _speakable(ctx: Context) -> list[Any]:
    """The sessions of the resident's commune and village taking speakers."""
    person = ctx.person
    return await ctx.repo.sessions_of(person.commune_id, [str(s) for s in REGISTRATION_STATES], person.village_id)


async def _session_picked(ctx: Context, session: Any) -> list[Reply]:
    slot = await ctx.repo.speaker_of(session.id, ctx.person.id)
    if slot is not None:
        ctx.go(IDLE)
        return [Reply(ctx.t("You are already No. {n} in the speaker list of “{title}”.").format(
            n=slot.number, title=session.title))]
    ctx.go(State.SPEAK_AGREE, session_id=session.id)
    buttons = (Button(ctx.t("Agree"), SPEAK_AGREE.build(answer="yes", id=session.id)),
               Button(ctx.t("Do not agree"), SPEAK_AGREE.build(answer="no", id=session.id)))
    return [Reply(speaking_notice(ctx.t), buttons=(buttons,))]


async def consent_answered(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """The speaker's name is called out and minuted: asked when a slot is taken (Law 91/2025)."""
    pressed = SPEAK_AGREE.of(event)
    session = await ctx.repo.get_session(pressed.id)
    if ctx.state != State.SPEAK_AGREE or session is None or ctx.data.get("session_id") != session.id:
        raise NotFound(ctx.t("This button is no longer active."))
    if pressed.answer != "yes":
        ctx.go(IDLE)
        return [Reply(ctx.t("Understood. You are not on the speaker list."), edit=True)]
    proof = consent_evidence(event.ref.channel, event.ref.chat_id, event.message_id, event.update_id)
    await ctx.repo.record_consent(ctx.person.id, SPEAKING, NOTICE_VERSION, f"{proof}:session-{session.id}",
                                  ctx.account.language, event.ref.channel, supersede=False)
    ctx.go(State.SPEAK_TEXT, session_id=session.id)
    return [Reply(ctx.t("Please type, in one message, the question or opinion you want to raise when you speak at "
                        "“{title}”. Send /cancel to stop.").format(title=session.title), edit=True)]


async def speak_text(event: TextMessage, ctx: Context) -> list[Reply]:
    text = normalise(event.text)
    if not text or len(text) > MAX_QUESTION_CHARS:
        raise InvalidInput(ctx.t("Please type your question in one message of at most {limit} characters.").format(
            limit=MAX_QUESTION_CHARS))
    session = await ctx.repo.lock_session(ctx.data.get("session_id", -1))  # numbers are given one at a time
    if session is None or session.state not in REGISTRATION_STATES:
        ctx.go(IDLE)
        return [Reply(ctx.t("That session is no longer taking speakers."))]
    if await ctx.repo.speaker_of(session.id, ctx.person.id) is not None:
        return await _session_picked(ctx, session)
    slot = await ctx.repo.add_speaker(session.id, ctx.person.id, text)
    ctx.go(IDLE)
    return [Reply(ctx.t("You are registered to speak at “{title}” as No. {n}. When your turn comes, you will be "
                        "told here.").format(title=session.title, n=slot.number))]


async def call_next(event: Event, ctx: Context) -> list[Reply]:
    """/next (secretary): the speaker now called has spoken; call the next in line."""
    session = await running_session(ctx)
    for slot in await ctx.repo.speakers(session.id, [SpeakerStatus.CALLED.value]):
        slot.status = SpeakerStatus.SPOKE.value
    return [await _call(ctx, session, "")]


async def speaker_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """sp:abs:<slot> marks the called speaker absent, sp:skip:<slot> passes over them; then the next is called."""
    manager = membership(ctx, SPEAKER_KEEPERS)
    pressed = SPEAKER.of(event)
    verb = pressed.verb
    slot = await ctx.repo.get_speaker(pressed.id)
    session = await ctx.repo.lock_session(slot.session_id) if slot else None
    if session is None or session.commune_id != manager.commune_id or slot.status != SpeakerStatus.CALLED:
        raise NotFound(ctx.t("This button is no longer active."))
    t = ctx.t
    if verb == "abs":
        recalls = policy_int(await ctx.repo.policy_values(session.commune_id), "speaker.absent_recalls")
        slot.absences += 1
        slot.status = status_after_absence(slot.absences, recalls).value
        note = (t("No. {n} is absent and will be called again after the others.") if slot.status == "absent"
                else t("No. {n} is absent again and has been dropped from the list.")).format(n=slot.number)
    else:
        slot.status = SpeakerStatus.SKIPPED.value
        note = t("No. {n} was skipped.").format(n=slot.number)
    return [await _call(ctx, session, note)]


async def _call(ctx: Context, session: Any, note: str) -> Reply:
    t = ctx.t
    slots = await ctx.repo.speakers(session.id)
    slot = next_in_line(slots)
    lines = [note] if note else []
    if slot is None:
        lines.append(t("The speaker list is finished."))
        return Reply("\n".join(lines))
    slot.status, slot.called_at = SpeakerStatus.CALLED.value, ctx.now
    person = await ctx.repo.get_person(slot.person_id)
    await ctx.notify(slot.person_id, "speaker.call", lambda t: t(
        "It is your turn to speak, Sir/Madam (No. {n}). Please come up to the microphone.").format(n=slot.number),
        commune_id=session.commune_id)
    waiting = sum(1 for s in slots if s.status in ("waiting", "absent"))
    name = person.full_name if person and may_see_identity(ctx.roles) else t("resident")
    lines.append(t("Now speaking: No. {n}, {name}\nQuestion: {question}\nStill in line: {left}").format(
        n=slot.number, name=name, question=slot.question, left=waiting))
    buttons = [[Button(t("Absent"), SPEAKER.build(verb="abs", id=slot.id)),
                Button(t("Skip"), SPEAKER.build(verb="skip", id=slot.id))]]
    return ctx.reply("\n".join(lines), buttons)


async def list_speakers(event: Event, ctx: Context) -> list[Reply]:
    """/speakers (secretary): the speaker list of the session in progress, with each one's status."""
    session = await running_session(ctx)
    slots = await ctx.repo.speakers(session.id)
    lines = [ctx.t("Speakers at “{title}”:").format(title=session.title)]
    lines += [f"{s.number}. {_status_label(s.status, ctx)} · {s.question[:80]}" for s in slots]
    return [Reply("\n".join(lines) if slots else ctx.t("Nobody has registered to speak yet."))]


def _status_label(status: str, ctx: Context) -> str:
    t = ctx.t
    return {"waiting": t("waiting"), "called": t("speaking now"), "spoke": t("spoke"), "absent": t("absent"),
            "skipped": t("skipped"), "dropped": t("dropped")}.get(status, status)


async def running_session(ctx: Context) -> Any:
    """The session of the staffer's commune now in progress, locked; NotAllowed when none is."""
    manager = membership(ctx, SPEAKER_KEEPERS)
    running = await ctx.repo.sessions_of(manager.commune_id, [SessionState.IN_PROGRESS.value])
    if not running:
        raise NotAllowed(ctx.t("No session is in progress. Start the session first (/sessions)."))
    return await ctx.repo.lock_session(running[0].id)
