"""/ask: choose a session, a topic, type the question (with photos or documents), review, confirm."""
from __future__ import annotations

import re
from typing import Any

from handlers.commune.topics import Topic, topic_label
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAChoice
from handlers.conversation.events import AttachmentSent, ButtonPressed, Event, TextMessage
from handlers.conversation.files import clean_file_name, clean_mime_type
from handlers.conversation.menus import main_menu_reply
from handlers.conversation.replies import Button, Reply, buttons_in_rows
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_QUESTION_CHARS, normalise
from handlers.questions.acknowledgement import ack_due, start_clock
from handlers.questions.buttons import ASK_REVIEW, ASK_SESSION, ASK_TOPIC
from handlers.questions.complaints import offer_choice
from handlers.questions.states import State
from handlers.questions.supporters import suggestions
from handlers.questions.rules import question_text
from handlers.questions.views import preview, state_label
from handlers.questions.voice import VOICE_KINDS, keep, review_lines, take_voice

MAX_ATTACHMENTS = 5
GENERAL = 0
BARE_NUMBER = re.compile(r"[0-9]{1,3}\.?")  # "7" at the review is a mistyped choice, not part of a question


async def start_ask(event: Event, ctx: Context) -> list[Reply]:
    person = ctx.person
    if person.commune_id is None or person.village_id is None or not person.full_name:
        return await ctx.routes.command("start").handler(event, ctx)  # registering first: another feature's
    sessions = await _offered(ctx)
    if len(sessions) == 1:  # their village's session is preselected
        return _ask_in(ctx, sessions[0])
    ctx.go(State.ASK_SESSION)
    buttons = [[Button(f"{s.title[:47]} ({ctx.t.date(s.starts_at)})", ASK_SESSION.build(id=s.id))]
               for s in sessions]  # the date always shows: titles are long sentences
    buttons.append([Button(ctx.t("General questions (no session)"), ASK_SESSION.build(id=GENERAL))])
    if sessions:
        text = ctx.t("Which dialogue session is your question for?")
    else:
        text = ctx.t("No dialogue session is taking questions right now. You can still send a general question; "
                     "the commune will answer it or bring it to the next session.")
    return [ctx.reply(text, buttons)]


async def session_chosen(event: ButtonPressed, ctx: Context) -> list[Reply]:
    session_id = ASK_SESSION.of(event).id
    if ctx.state not in (State.ASK_SESSION, State.ASK_TOPIC) or \
            (session_id != GENERAL and session_id not in {s.id for s in await _offered(ctx)}):
        return [Reply(ctx.t("This button is no longer active. Send /ask to start again."))]
    ctx.go(State.ASK_TOPIC, session_id=session_id)
    return [Reply(ctx.t("Which field is your question about?"), buttons=_topic_buttons(ctx), edit=True)]


async def _offered(ctx: Context) -> list:
    """The sessions /ask offers this resident: taking questions, and covering their village."""
    person = ctx.person
    rows = await ctx.repo.askable_sessions(person.commune_id, ctx.now, person.village_id)
    return [s for s, covers in rows if covers or person.village_id is None]


async def _askable(ctx: Context) -> list:
    """Sessions taking questions: intake open, or in progress (those go to the secretary's live queue, /live)."""
    return [s for s, _ in await ctx.repo.askable_sessions(ctx.person.commune_id, ctx.now, ctx.person.village_id)]


def _topic_buttons(ctx: Context) -> tuple:
    topics = [Button(topic_label(topic, ctx.t), ASK_TOPIC.build(topic=topic.value)) for topic in Topic]
    return buttons_in_rows(topics, 2)


async def ask_for_session(ctx: Context, session_id: int) -> list[Reply]:
    """Start /ask with the session chosen (from an announcement link, or the only session of their village)."""
    return _ask_in(ctx, next((s for s in await _askable(ctx) if s.id == session_id), None))


def _ask_in(ctx: Context, session: Any) -> list[Reply]:
    """The topics of a question for this session (None: it is not taking questions)."""
    if session is None:
        ctx.go(IDLE)
        return [Reply(ctx.t("That session is not taking questions any more. Send /ask to send a general "
                            "question."))]
    ctx.go(State.ASK_TOPIC, session_id=session.id)
    rows = _topic_buttons(ctx) + ((Button(ctx.t("Not about this session"), ASK_SESSION.build(id=GENERAL)),),)
    text = ctx.t("Your question is for the session on {date}: {title}.\nWhich field is it about?").format(
        date=ctx.t.date(session.starts_at), title=session.title)
    return [Reply(text, buttons=rows)]


async def topic_chosen(event: ButtonPressed, ctx: Context) -> list[Reply]:
    topic = ASK_TOPIC.of(event).topic
    if ctx.state != State.ASK_TOPIC:
        return [Reply(ctx.t("This button is no longer active. Send /ask to start again."))]
    ctx.go(State.ASK_TEXT, session_id=ctx.data.get("session_id", GENERAL), topic=topic, attachments=[])
    prompt = ctx.t("Please type your question in one message, or say it in a voice message. You may also send "
                   "photos or documents (up to {n}).").format(n=MAX_ATTACHMENTS)
    return [Reply(ctx.t("Field: {topic}").format(topic=topic_label(topic, ctx.t)) + "\n\n" + prompt, edit=True)]


async def text_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    ctx.data["text"] = question_text(event.text, ctx.t)
    ctx.state = State.ASK_REVIEW
    return [await _review(ctx)]


async def review_text(event: TextMessage, ctx: Context) -> list[Reply]:
    """Text typed at the review never replaces the question by itself: the resident says whether to add it,
    use it instead, or leave it out. A bare number there is a mistyped choice."""
    text = normalise(event.text)
    if not text or BARE_NUMBER.fullmatch(text):
        raise NotAChoice()
    return [_keep_aside(ctx, text)]


def _keep_aside(ctx: Context, text: str) -> Reply:
    extra = "\n".join(part for part in (ctx.data.get("extra", ""), text) if part)
    if len(extra) > MAX_QUESTION_CHARS:
        raise InvalidInput(ctx.t("Your question is {n} characters long; the limit is {limit}. Please shorten it, "
                                 "or send the details as a document.").format(n=len(extra), limit=MAX_QUESTION_CHARS))
    ctx.data["extra"] = extra
    return _ask_about_extra(ctx)


def _ask_about_extra(ctx: Context) -> Reply:
    t = ctx.t
    rows = ((Button(t("➕ Add it to my question"), ASK_REVIEW.build(action="add")),),
            (Button(t("🔁 Use it instead of my question"), ASK_REVIEW.build(action="replace")),),
            (Button(t("✖ Leave it out"), ASK_REVIEW.build(action="drop")),))
    text = t("Your question is ready to send, as shown above. What should I do with “{text}”?").format(
        text=preview(ctx.data["extra"]))
    return Reply(text, buttons=rows)


async def attachment_added(event: AttachmentSent, ctx: Context) -> list[Reply]:
    if ctx.state not in (State.ASK_TEXT, State.ASK_REVIEW):
        if event.attachment.kind in VOICE_KINDS:
            return [Reply(ctx.t("To ask a question by voice, first send /ask and choose the field; then send your "
                                "voice message."))]
        return [Reply(ctx.t("To send a photo or document with a question, first send /ask."))]
    if event.attachment.kind in VOICE_KINDS and ctx.state == State.ASK_TEXT:  # said instead of typed
        await take_voice(event, ctx)
        ctx.state = State.ASK_REVIEW
        return [await _review(ctx)]
    attachments = list(ctx.data.get("attachments", []))
    if len(attachments) >= MAX_ATTACHMENTS:
        raise InvalidInput(ctx.t("You can attach at most {n} files to one question.").format(n=MAX_ATTACHMENTS))
    a = event.attachment
    attachments.append({"kind": a.kind, "file_id": a.file_id, "file_name": clean_file_name(a.file_name),
                        "mime_type": clean_mime_type(a.mime_type)})
    ctx.data["attachments"] = attachments
    caption = normalise(event.caption)
    if ctx.state == State.ASK_REVIEW:  # a caption at the review is set aside like typed text, never lost
        return [_keep_aside(ctx, caption) if caption else await _review(ctx)]
    if caption:
        return await text_entered(TextMessage(ref=event.ref, text=caption), ctx)
    return [Reply(ctx.t("File received ({n}). Now please type your question.").format(n=len(attachments)))]


async def _review(ctx: Context) -> Reply:
    t, data = ctx.t, ctx.data
    session = await ctx.repo.get_session(data.get("session_id") or None)
    lines = [t("Please check your question:"), "",
             t("Session: {name}").format(name=session.title if session else t("General questions (no session)")),
             t("Field: {topic}").format(topic=topic_label(data["topic"], t)),
             t("Question: {text}").format(text=data["text"])]
    if data.get("attachments"):
        lines.append(t("Attached files: {n}").format(n=len(data["attachments"])))
    lines += review_lines(ctx)
    similar_lines, similar_rows = await suggestions(ctx, data.get("session_id"), data["text"])
    buttons = ((Button(t("✅ Send"), ASK_REVIEW.build(action="confirm")),),
               (Button(t("✏️ Rewrite"), ASK_REVIEW.build(action="edit")),
                Button(t("✖ Cancel"), ASK_REVIEW.build(action="cancel"))))
    return Reply("\n".join(lines + similar_lines), buttons=tuple(similar_rows) + buttons)


async def review_action(event: ButtonPressed, ctx: Context) -> list[Reply]:
    action = ASK_REVIEW.of(event).action
    if ctx.state != State.ASK_REVIEW:
        return [Reply(ctx.t("This button is no longer active. Send /ask to start again."))]
    if action in ("add", "replace", "drop"):
        return await _settle_extra(ctx, action)
    if action == "confirm" and ctx.data.get("extra"):  # decide about the text typed since, before sending
        return [_ask_about_extra(ctx)]
    ctx.data.pop("extra", None)
    if action == "edit":
        ctx.state = State.ASK_TEXT
        return [Reply(ctx.t("Please type your question again."), edit=True)]
    if action == "cancel":
        ctx.go(IDLE)
        return [main_menu_reply(ctx, ctx.t("Cancelled. Nothing was sent."))]
    return await _submit(ctx)


async def _settle_extra(ctx: Context, action: str) -> list[Reply]:
    extra = ctx.data.pop("extra", "")
    if not extra:
        return [Reply(ctx.t("This button is no longer active."))]
    if action == "add":
        combined = ctx.data["text"] + "\n" + extra
        if len(combined) > MAX_QUESTION_CHARS:
            raise InvalidInput(ctx.t("Together that would be {n} characters; the limit is {limit}. Choose “Use it "
                                     "instead of my question” or “Leave it out”, or send the details as a "
                                     "document.").format(n=len(combined), limit=MAX_QUESTION_CHARS))
        ctx.data["text"] = combined
    elif action == "replace":
        ctx.data["text"] = extra
    return [await _review(ctx)]


async def _submit(ctx: Context) -> list[Reply]:
    data, person, t = ctx.data, ctx.person, ctx.t
    session_id, moved = data.get("session_id") or None, ""
    if session_id is not None and session_id not in {s.id for s in await _askable(ctx)}:
        session_id = None  # the intake closed while they wrote: the question is kept, as a general one
        moved = t("The session stopped taking questions before you sent this, so it was sent as a general question: "
                  "the commune will answer it or bring it to the next session.") + "\n\n"
    question = await ctx.repo.create_question(
        commune_id=person.commune_id, asker_id=person.id, village_id=person.village_id,
        session_id=session_id, topic=data["topic"], text=data["text"], actor_id=person.id,
        ack_due_on=await ack_due(ctx.repo, person.commune_id, ctx.now))  # in the INSERT: no UPDATE after
    for a in data.get("attachments", []):
        await ctx.repo.add_attachment(question.id, ctx.event.ref.channel, a["kind"], a["file_id"],
                                      a.get("file_name", ""), a.get("mime_type", ""))
    await keep(ctx, question)
    ctx.go(IDLE)
    text = moved + t("Your question has been sent. Your code is {code} — keep it to ask about your question by "
                     "phone.\nStatus: {state}. You will get a message here whenever it changes; see all with "
                     "/mytickets.").format(code=question.code, state=state_label(question.state, t)) \
        + "\n" + await start_clock(ctx, question)
    # the main menu keyboard set at registration stays under the input box
    sent = Reply(text, edit=True)
    choice = offer_choice(ctx, question)  # may be a complaint or a denunciation: the resident chooses
    return [sent, choice] if choice else [sent]
