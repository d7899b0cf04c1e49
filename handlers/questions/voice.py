"""Questions asked by voice: a voice note sent where /ask asks for the question's text is the question, kept with
it (its file reference, and a text placeholder so every list, count and report treats it like text), played to staff,
and — when a speech model is configured — transcribed, the asker confirming or correcting the transcript."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.commune.policy import policy_value
from handlers.conversation.channels import TELEGRAM
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput
from handlers.conversation.events import Attachment, AttachmentSent, ButtonPressed, TextMessage
from handlers.conversation.files import clean_file_name, clean_mime_type
from handlers.conversation.i18n import Translator, translator
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_QUESTION_CHARS, normalise
from handlers.questions.access import question_for_staff
from handlers.questions.buttons import VOICE_PLAY, VOICE_TRANSCRIPT
from handlers.questions.states import State
from handlers.questions.rules import question_text
from handlers.questions.views import preview

VOICE_KINDS = ("voice", "audio")
MAX_SECONDS_KEY = "voice.max_seconds"
RECORD_LANGUAGE = "vi"  # a question's text is the commune's record: the placeholder is written in Vietnamese
PENDING, OFFERED = "pending", "offered"


def length(seconds: int) -> str:
    """0:42, 12:05 — a recording's length as a phone shows it."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def placeholder(seconds: int) -> str:
    """The text a voice question is stored with, e.g. "[Câu hỏi bằng giọng nói, 0:42]"."""
    t = translator(RECORD_LANGUAGE)
    if seconds <= 0:
        return t("[Voice question]")
    return t("[Voice question, {length}]").format(length=length(seconds))


async def take_voice(event: AttachmentSent, ctx: Context) -> None:
    """A voice note sent where the question is typed becomes the question: checked against the commune's limit and
    kept in the draft, with the placeholder (or its caption) as the question's text."""
    sound = event.attachment
    limit = int(await policy_value(ctx.repo, ctx.person.commune_id, MAX_SECONDS_KEY))
    if sound.duration > limit:
        raise InvalidInput(ctx.t("Your voice message is {length} long; a question can be at most {limit} long. "
                                 "Please send a shorter one, or type your question.").format(
            length=length(sound.duration), limit=length(limit)))
    text = question_text(event.caption, ctx.t) if normalise(event.caption) else placeholder(sound.duration)
    ctx.data["voice"] = {"kind": sound.kind, "file_id": sound.file_id, "mime_type": clean_mime_type(sound.mime_type),
                         "duration": max(sound.duration, 0), "size": max(sound.size, 0)}
    ctx.data["text"] = text


def review_lines(ctx: Context) -> list[str]:
    """What the review adds for a voice question."""
    voice = ctx.data.get("voice")
    if not voice:
        return []
    lines = [ctx.t("🎤 Your voice message is kept with the question: staff will listen to it.")]
    if ctx.deps.transcripts:
        lines.append(ctx.t("After you send it, the assistant will write down what it heard and ask you to check it."))
    return lines


async def keep(ctx: Context, question: Any) -> None:
    """Store the draft's voice note with the question just created."""
    voice = ctx.data.get("voice")
    if not voice:
        return
    ref = ctx.event.ref
    await ctx.repo.add_voice(question_id=question.id, commune_id=question.commune_id, bot_id=ctx.bot.row_id,
                             channel=ref.channel, chat_id=ref.chat_id, kind=voice["kind"], file_id=voice["file_id"],
                             mime_type=voice.get("mime_type", ""), duration=voice.get("duration", 0),
                             size=voice.get("size", 0),
                             transcript_state=PENDING if ctx.deps.transcripts else "none",
                             keep_state="waiting" if _is_address(voice["file_id"]) else "")


# --- staff ------------------------------------------------------------------------------------------------------
def staff_lines(voice: Any, t: Translator) -> list[str]:
    """The recording and its transcript, as staff read them on the question."""
    if voice is None:
        return []
    lines = [t("🎤 Asked by voice ({length}).").format(length=length(voice.duration)) if voice.duration
             else t("🎤 Asked by voice.")]
    words = {OFFERED: t("Transcript (not yet checked by the asker): {text}"),
             "confirmed": t("Transcript (confirmed by the asker): {text}"),
             "corrected": t("Transcript (corrected by the asker): {text}")}
    if voice.transcript_state in words:
        lines.append(words[voice.transcript_state].format(text=voice.transcript))
    if not voice.file_id:
        lines.append(t("The asker withdrew their consent: the recording was deleted."))
    elif voice.transcript_state == PENDING:
        lines.append(t("The transcript is being made; meanwhile, listen to the recording."))
    elif voice.transcript_state not in words:
        lines.append(t("No transcript: listen to the recording."))
    return lines


def _is_address(file_id: str) -> bool:
    """A Zalo recording is a web address (which may expire); a Telegram one a file id the bot can always send."""
    return file_id.startswith(("https://", "http://"))


def listen_row(voice: Any, question: Any, t: Translator) -> tuple[Button, ...] | None:
    """The staff button that plays the recording, while there is one."""
    if voice is None or not voice.file_id:
        return None
    return (Button(t("▶ Listen to the question"), VOICE_PLAY.build(id=question.id)),)


async def play(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """Send the recording to the staffer: the same bot sends its own file id back (a voice note plays in the chat);
    a Zalo recording is a web address; a recording received by another bot cannot be sent by this one."""
    question, _ = await question_for_staff(ctx, VOICE_PLAY.of(event).id)
    voice = await ctx.repo.voice_of(question.id)
    if voice is None:
        return [Reply(ctx.t("This question has no recording."))]
    if not voice.file_id:
        return [Reply(ctx.t("The asker withdrew their consent: the recording was deleted."))]
    title = f"{question.code} · {length(voice.duration)}" if voice.duration else question.code
    if voice.bot_id == ctx.bot.row_id and voice.channel == event.ref.channel and not _is_address(voice.file_id):
        return [Reply(title, attachment=Attachment(voice.kind, voice.file_id, mime_type=voice.mime_type))]
    if voice.audio and event.ref.channel == TELEGRAM:  # a Zalo recording, kept: uploaded as a sound file
        name = clean_file_name(voice.file_id.split("?", 1)[0].rsplit("/", 1)[-1]) or f"{question.code}.m4a"
        return [Reply(title, attachment=Attachment("audio", "", name, voice.mime_type, content=voice.audio))]
    if _is_address(voice.file_id):
        return [Reply(ctx.t("{title}: the recording is at {address}").format(title=title, address=voice.file_id))]
    return [Reply(ctx.t("This recording was sent to the commune's other bot or messenger; open the question "
                        "there to listen to it."))]


# --- the transcript, offered to the asker ---------------------------------------------------------------------
async def offer_transcript(repo: Any, voice: Any, text: str, now: datetime) -> bool:
    """Attach a transcript to the question and ask the asker, in the chat they asked from, whether it is right.
    An empty transcript is a failure: staff listen. Returns whether a message was queued."""
    text = normalise(text)[:MAX_QUESTION_CHARS]
    if not text:
        await repo.set_transcript(voice, "failed", None, now)
        return False
    await repo.set_transcript(voice, OFFERED, text, now)
    question = await repo.get_question(voice.question_id)
    account = next((a for a in await repo.accounts_of(question.asker_id)
                    if a.bot_id == voice.bot_id and a.chat_id == voice.chat_id), None)
    if account is None or account.unreachable_at is not None:
        return False
    commune = await repo.get_commune(question.commune_id)
    t = translator(account.language, commune.kind if commune else "")
    body = t("Question {code}: the assistant heard:\n“{text}”\nIs that right?").format(code=question.code, text=text)
    buttons = [[[t("That's right"), VOICE_TRANSCRIPT.build(answer="ok", id=voice.id)],
                [t("Correct it"), VOICE_TRANSCRIPT.build(answer="fix", id=voice.id)]]]
    await repo.enqueue(bot_id=voice.bot_id, channel=voice.channel, chat_id=voice.chat_id, kind="voice_transcript",
                       payload={"text": body, "buttons": buttons}, commune_id=question.commune_id)
    return True


async def transcript_answered(event: ButtonPressed, ctx: Context) -> list[Reply]:
    pressed = VOICE_TRANSCRIPT.of(event)
    voice = await _own_offer(ctx, pressed.id)
    if voice is None:
        return [Reply(ctx.t("This button is no longer active."))]
    if pressed.answer == "ok":
        await ctx.repo.set_transcript(voice, "confirmed", None, ctx.now)
        return [Reply(ctx.t("Thank you. Staff will see the transcript you confirmed, with your recording."), edit=True)]
    ctx.go(State.VOICE_FIX, voice_id=voice.id)
    return [Reply(ctx.t("Please type your question as you said it. Your recording stays with the question."),
                  edit=True)]


async def correction_typed(event: TextMessage, ctx: Context) -> list[Reply]:
    text = question_text(event.text, ctx.t)
    voice = await _own_offer(ctx, ctx.data.get("voice_id", 0))
    if voice is None:
        return [Reply(ctx.t("This question's transcript can no longer be corrected here."))]
    await ctx.repo.set_transcript(voice, "corrected", text, ctx.now)
    ctx.go(IDLE)
    return [Reply(ctx.t("Thank you. Staff will read: “{text}”, with your recording.").format(text=preview(text)))]


async def _own_offer(ctx: Context, voice_id: int) -> Any | None:
    """The asker's own transcript still waiting for their answer; None (and the conversation back at rest) when
    the button is stale or not theirs."""
    voice = await ctx.repo.get_voice(voice_id, lock=True)
    question = await ctx.repo.get_question(voice.question_id) if voice else None
    if voice is None or question is None or ctx.person is None or question.asker_id != ctx.person.id \
            or voice.transcript_state != OFFERED:
        if ctx.state == State.VOICE_FIX:
            ctx.go(IDLE)
        return None
    return voice
