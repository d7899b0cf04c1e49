"""/start: consent first, then name, commune, village and an optional phone; staff invites; /language."""
from __future__ import annotations

import re

from handlers.conversation.access import may_view_queue
from handlers.conversation.channels import servers_line
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import ButtonPressed, Command, ContactShared, Event, TextMessage
from handlers.conversation.i18n import translator
from handlers.conversation.menus import main_menu_reply
from handlers.conversation.replies import Button, Keyboard, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import fold, looks_like_name, normalise
from handlers.people.buttons import COMMUNE, CONSENT, LANGUAGE, VILLAGE
from handlers.people.phones import parse_phone
from handlers.people.states import State
from handlers.people.views import role_label
from handlers.sessions.rules import parse_ask_payload

CONSENT_VERSION = "2026-12-v2"  # v2: the notice names the messenger actually used (Telegram or Zalo)
STAFF_PREFIX = "staff-"
ASK_FOR_SESSION = "ask.session"  # the handover to /ask with its session chosen (questions/routes.py)


def consent_text(ctx: Context) -> str:
    t = ctx.t
    return "\n".join([
        t("Before you ask, please read how your information is used."),
        "",
        t("What we collect: your full name, your commune and village, your phone number if you choose to share it, "
          "and the questions, photos and documents you send."),
        t("Why: to receive your questions for the dialogue sessions between the commune chairperson and the people, "
          "to pass them to the responsible officers and to tell you the answers."),
        t("Who is responsible: the People's Committee of the commune you choose."),
        t("Other residents never see your name or phone number."),
        servers_line(ctx.event.ref.channel, t),
        t("Your rights: you may see, correct or delete your information, or withdraw this agreement, at any time "
          "with /mydata or by asking the commune office."),
        "",
        t("Until you agree, we keep nothing about you except this chat's id."),
    ])


def consent_buttons(ctx: Context) -> list[list[Button]]:
    return [[Button(ctx.t("✅ I agree"), CONSENT.build(answer="yes"))],
            [Button(ctx.t("✖ I do not agree"), CONSENT.build(answer="no"))]]


async def start(event: Command, ctx: Context) -> list[Reply]:
    payload = event.args.strip()
    invite = payload[len(STAFF_PREFIX):] if payload.startswith(STAFF_PREFIX) else ""
    ask = payload if parse_ask_payload(payload) else ""
    if ctx.person is None:
        ctx.go(State.CONSENT, invite=invite, ask=ask)
        greeting = ctx.t("Hello! I am the dialogue assistant of the commune People's Committee.")
        return [Reply(greeting), Reply(consent_text(ctx), buttons=tuple(map(tuple, consent_buttons(ctx))))]
    if invite:
        return await _accept_invite(ctx, invite)
    if not _profile_complete(ctx):
        ctx.data["ask"] = ask
        return await _resume_profile(ctx)
    if ask:
        return await _ask_from_link(ctx, ask)
    ctx.go(IDLE)
    name = ctx.person.full_name
    return [main_menu_reply(ctx, ctx.t("Welcome back, {name}! Send /ask to ask a question.").format(name=name))]


async def consent_answer(event: ButtonPressed, ctx: Context) -> list[Reply]:
    if ctx.state != State.CONSENT or ctx.person is not None:
        return [Reply(ctx.t("This button is no longer active."))]
    if CONSENT.of(event).answer != "yes":
        ctx.go(IDLE)
        return [Reply(ctx.t("Understood. Nothing about you has been kept. Send /start whenever you change your mind."),
                      edit=True)]
    evidence = f"{event.ref.channel}:{event.ref.chat_id}:{event.message_id}:{event.update_id}"
    ctx.person = await ctx.repo.create_person(ctx.account, CONSENT_VERSION, evidence)
    ctx.go(State.NAME, invite=ctx.data.get("invite", ""), ask=ctx.data.get("ask", ""))
    return [Reply(ctx.t("Thank you. You agreed on {when}.").format(when=ctx.t.datetime(ctx.now)), edit=True),
            Reply(ctx.t("Please type your full name, as on your ID card."), keyboard=Keyboard.REMOVE)]


async def consent_reminder(event: Event, ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("Please choose one of the buttons below the notice first."),
                  buttons=tuple(map(tuple, consent_buttons(ctx))))]


def checked_name(text: str, t) -> str:
    name = normalise(text)
    if not looks_like_name(name):
        raise InvalidInput(t("That does not look like a full name. Please type your name, for example "
                             "“Nguyễn Văn An”."))
    return name


async def name_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    ctx.person.full_name = checked_name(event.text, ctx.t)
    invite = ctx.data.get("invite", "")
    if invite:
        return await _accept_invite(ctx, invite)
    return await _resume_profile(ctx)


async def _resume_profile(ctx: Context) -> list[Reply]:
    person = ctx.person
    if not person.full_name:
        ctx.go(State.NAME)
        return [Reply(ctx.t("Please type your full name, as on your ID card."))]
    if person.commune_id is None or person.village_id is None:
        await _village_from_link(ctx)
    if person.commune_id is None:
        communes = await ctx.repo.communes_for_bot(ctx.bot.row_id)
        if not communes:
            raise NotFound(ctx.t("No commune has been set up yet. Please contact the commune office."))
        if len(communes) > 1:
            ctx.go(State.COMMUNE, ask=ctx.data.get("ask", ""))
            buttons = [[Button(c.name, COMMUNE.build(id=c.id))] for c in communes]
            return [ctx.reply(ctx.t("Which commune do you live in?"), buttons)]
        person.commune_id = communes[0].id
    if person.village_id is None:
        return await _ask_village(ctx)
    if ctx.state != State.PHONE and ctx.data.get("ask"):
        return await _ask_phone(ctx, await ctx.repo.get_village(person.village_id), edit=False)
    return await _finish(ctx)


async def _ask_village(ctx: Context) -> list[Reply]:
    villages = await ctx.repo.villages(ctx.person.commune_id)
    ctx.go(State.VILLAGE, ask=ctx.data.get("ask", ""))
    buttons = [[Button(v.name, VILLAGE.build(id=v.id))] for v in villages]
    return [ctx.reply(ctx.t("Which village (thôn) do you live in?"), buttons)]


async def commune_chosen(event: ButtonPressed, ctx: Context) -> list[Reply]:
    commune_id = COMMUNE.of(event).id
    allowed = {c.id for c in await ctx.repo.communes_for_bot(ctx.bot.row_id)}
    if ctx.state != State.COMMUNE or commune_id not in allowed:
        return [Reply(ctx.t("This button is no longer active."))]
    ctx.person.commune_id = commune_id
    return await _ask_village(ctx)


async def village_chosen(event: ButtonPressed, ctx: Context) -> list[Reply]:
    village = await ctx.repo.get_village(VILLAGE.of(event).id)
    if ctx.state != State.VILLAGE or village is None or village.commune_id != ctx.person.commune_id:
        return [Reply(ctx.t("This button is no longer active."))]
    ctx.person.village_id = village.id
    if ctx.data.get("changing"):
        ctx.go(IDLE)
        return [Reply(ctx.t("Village: {village}").format(village=village.name), edit=True)]
    return await _ask_phone(ctx, village, edit=True)


async def _ask_phone(ctx: Context, village, edit: bool) -> list[Reply]:
    ctx.go(State.PHONE, ask=ctx.data.get("ask", ""))
    text = ctx.t("You chose {village}. If you wish, send your phone number (type it, or use the button if you see "
                 "one), so officers can call you about your question. This is optional.").format(village=village.name)
    labels = (ctx.t("📱 Share my phone number"), ctx.t("Skip"))
    return [Reply(ctx.t("Village: {village}").format(village=village.name), edit=edit),
            Reply(text, keyboard=Keyboard.REQUEST_CONTACT, keyboard_labels=labels)]


async def contact_shared(event: ContactShared, ctx: Context) -> list[Reply]:
    if ctx.state != State.PHONE:
        return [Reply(ctx.t("Thank you, but I was not expecting a phone number now."))]
    if not event.is_own:
        raise InvalidInput(ctx.t("Please share your own number with the button below."))
    ctx.person.phone = _clean_phone(event.phone)
    return await _finish(ctx)


async def phone_text(event: TextMessage, ctx: Context) -> list[Reply]:
    if fold(event.text) == fold(ctx.t("Skip")):
        return await _finish(ctx)
    phone = parse_phone(event.text)
    if phone is None:
        raise InvalidInput(ctx.t("That does not look like a mobile number. Please type it like 0912 345 678, or "
                                 "choose “Skip”."))
    ctx.person.phone = phone
    return await _finish(ctx)


async def _finish(ctx: Context) -> list[Reply]:
    ask = ctx.data.get("ask", "")
    ctx.go(IDLE)
    text = ctx.t("You are registered, {name}. Send /ask or press “Ask a question” to send a question to the "
                 "commune.").format(name=ctx.person.full_name)
    if ask:
        return [main_menu_reply(ctx, text)] + await _ask_from_link(ctx, ask)
    return [main_menu_reply(ctx, text)]


async def _village_from_link(ctx: Context) -> None:
    """A resident who came through a village's announcement link lives in that village, unless they said so."""
    parsed = parse_ask_payload(ctx.data.get("ask", ""))
    village = await ctx.repo.get_village(parsed[1]) if parsed else None
    served = {c.id for c in await ctx.repo.communes_for_bot(ctx.bot.row_id)}
    if village is None or village.commune_id not in served:
        return
    if ctx.person.commune_id in (None, village.commune_id):
        ctx.person.commune_id, ctx.person.village_id = village.commune_id, village.id


async def _ask_from_link(ctx: Context, payload: str) -> list[Reply]:
    """/ask on the session the link names, through the route table (asking is another feature's)."""
    parsed = parse_ask_payload(payload)
    return await ctx.routes.handover(ASK_FOR_SESSION)(ctx, parsed[0]) if parsed else []


async def _accept_invite(ctx: Context, code: str) -> list[Reply]:
    invite = await ctx.repo.invite_by_code(code)
    if invite is None or invite.used_at or invite.revoked_at or invite.expires_at <= ctx.now:
        ctx.go(IDLE)
        raise NotFound(ctx.t("This invitation link is not valid or has already been used. Please ask the commune "
                             "office for a new one."))
    await ctx.repo.accept_invite(invite, ctx.person, ctx.now)
    if ctx.person.commune_id is None:
        ctx.person.commune_id = invite.commune_id
    ctx.staff = await ctx.repo.staff_roles(ctx.person.id)
    ctx.refresh_menu()
    ctx.go(IDLE)
    commune = await ctx.repo.get_commune(invite.commune_id)
    welcome = ctx.t("Welcome, {name}. You now have the role “{role}” in {commune}. Send /queue to see open "
                    "questions.") if may_view_queue({invite.role}) else \
        ctx.t("Welcome, {name}. You now have the role “{role}” in {commune}. Send /help to see what you can do.")
    text = welcome.format(name=ctx.person.full_name, role=role_label(invite.role, ctx.t), commune=commune.name)
    return [main_menu_reply(ctx, text)]


async def choose_language(event: Event, ctx: Context) -> list[Reply]:
    buttons = [[Button("Tiếng Việt", LANGUAGE.build(language="vi")),
                Button("English", LANGUAGE.build(language="en"))]]
    return [ctx.reply(ctx.t("Choose your language:"), buttons)]


async def language_chosen(event: ButtonPressed, ctx: Context) -> list[Reply]:
    language = LANGUAGE.of(event).language
    ctx.account.language = language
    ctx.t = translator(language)
    ctx.refresh_menu()
    text = ctx.t("Language set to English.")
    return [main_menu_reply(ctx, text) if ctx.person and ctx.state == IDLE else Reply(text)]


def _profile_complete(ctx: Context) -> bool:
    person = ctx.person
    return bool(person.full_name) and person.commune_id is not None and (person.village_id is not None or ctx.staff)


def _clean_phone(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    return digits[:20]
