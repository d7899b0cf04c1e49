"""/start: consent per purpose first, then name, commune, village and an optional phone; staff invites; /language."""
from __future__ import annotations

import re

from handlers.conversation.access import may_view_queue
from handlers.conversation.channels import TELEGRAM
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import ButtonPressed, Command, ContactShared, Event, TextMessage
from handlers.conversation.i18n import translator
from handlers.conversation.menus import main_menu_reply
from handlers.conversation.replies import Button, Keyboard, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import fold, looks_like_name, normalise
from handlers.invitations.rules import is_attendance
from handlers.people.buttons import COMMUNE, CONSENT, LANGUAGE, PURPOSE, VILLAGE
from handlers.people.phones import parse_phone
from handlers.people.rules import (ANNOUNCEMENTS, NOTICE_VERSION, STAFF_PREFIX, TRANSFER, evidence,
                                   missing_purposes, required_purposes)
from handlers.people.states import State
from handlers.people.views import (announcements_question, notice_details, notice_summary, role_label,
                                   transfer_question)
from handlers.sessions.rules import parse_ask_payload

ASK_FOR_SESSION = "ask.session"  # the handover to /ask with its session chosen (questions/routes.py)
ATTENDANCE_SCAN = "attendance.scan"  # a scanned attendance QR code (invitations/routes.py)


def consent_buttons(ctx: Context) -> list[list[Button]]:
    return [[Button(ctx.t("Details"), CONSENT.build(answer="more"))],
            [Button(ctx.t("Agree"), CONSENT.build(answer="yes")),
             Button(ctx.t("Do not agree"), CONSENT.build(answer="no"))]]


def purpose_buttons(ctx: Context, purpose: str) -> tuple[tuple[Button, ...], ...]:
    return ((Button(ctx.t("Agree"), PURPOSE.build(purpose=purpose, answer="yes")),
             Button(ctx.t("Do not agree"), PURPOSE.build(purpose=purpose, answer="no"))),)


async def start(event: Command, ctx: Context) -> list[Reply]:
    payload = event.args.strip()
    invite = payload[len(STAFF_PREFIX):] if payload.startswith(STAFF_PREFIX) else ""
    ask = payload if parse_ask_payload(payload) else ""
    if ctx.person is None:
        ctx.go(State.CONSENT, invite=invite, ask=ask)
        greeting = ctx.t("Greetings. I am the dialogue assistant of the commune People's Committee.")
        communes = await ctx.repo.communes_for_bot(ctx.bot.row_id)
        return [Reply(greeting), ctx.reply(notice_summary(communes, ctx.t), consent_buttons(ctx))]
    if await _missing_transfer(ctx):
        ctx.go(State.TRANSFER, invite=invite, ask=ask)
        return [Reply(transfer_question(ctx.t), buttons=purpose_buttons(ctx, TRANSFER))]
    if invite:
        return await _accept_invite(ctx, invite)
    if is_attendance(payload):
        ctx.go(IDLE)
        return await ctx.routes.handover(ATTENDANCE_SCAN)(ctx, payload)
    if not _profile_complete(ctx):
        ctx.data["ask"] = ask
        return await _resume_profile(ctx)
    if ask:
        return await _ask_from_link(ctx, ask)
    ctx.go(IDLE)
    text = ctx.t("Greetings, {name}. Send /ask to ask a question.").format(name=ctx.person.full_name)
    if not ctx.person.announcements:
        text += "\n" + ctx.t("Session announcements are off; /notifications turns them on.")
    return [main_menu_reply(ctx, text)]


async def _missing_transfer(ctx: Context) -> bool:
    """A Telegram user registered before the transfer was asked separately (see migration 0011)."""
    if ctx.event.ref.channel != TELEGRAM:
        return False
    in_force = {c.purpose for c in await ctx.repo.consents_in_force(ctx.person.id)}
    return bool(missing_purposes(ctx.event.ref.channel, in_force))


async def consent_answer(event: ButtonPressed, ctx: Context) -> list[Reply]:
    if ctx.state != State.CONSENT or ctx.person is not None:
        return [Reply(ctx.t("This button is no longer active."))]
    answer = CONSENT.of(event).answer
    if answer == "more":
        communes = await ctx.repo.communes_for_bot(ctx.bot.row_id)
        return [ctx.reply(notice_details(communes, event.ref.channel, ctx.t), consent_buttons(ctx)[1:])]
    if answer != "yes":
        return _refused(ctx)
    proof = evidence(event.ref.channel, event.ref.chat_id, event.message_id, event.update_id)
    if TRANSFER in required_purposes(event.ref.channel):  # Telegram: the transfer abroad is a choice of its own
        ctx.go(State.TRANSFER, invite=ctx.data.get("invite", ""), ask=ctx.data.get("ask", ""), dialogue=proof)
        return [Reply(ctx.t("Thank you. You agreed on {when}.").format(when=ctx.t.datetime(ctx.now)), edit=True),
                Reply(transfer_question(ctx.t), buttons=purpose_buttons(ctx, TRANSFER))]
    ctx.person = await ctx.repo.create_person(ctx.account, NOTICE_VERSION, proof)
    return _registering(ctx, edit=True)


def _refused(ctx: Context) -> list[Reply]:
    ctx.go(IDLE)
    return [Reply(ctx.t("Understood. Nothing about you has been kept. You can still ask in person at the commune "
                        "office, or send /start whenever you change your mind."), edit=True)]


def _registering(ctx: Context, edit: bool) -> list[Reply]:
    ctx.go(State.NAME, invite=ctx.data.get("invite", ""), ask=ctx.data.get("ask", ""))
    return [Reply(ctx.t("Thank you. You agreed on {when}.").format(when=ctx.t.datetime(ctx.now)), edit=edit),
            Reply(ctx.t("Please type your full name, as on your ID card."), keyboard=Keyboard.REMOVE)]


async def purpose_answer(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """A choice for one purpose: the transfer abroad (while registering, or asked again) or announcements."""
    choice = PURPOSE.of(event)
    if choice.purpose == ANNOUNCEMENTS:
        return await _announcements_chosen(event, ctx, choice.answer == "yes")
    registered = ctx.person is not None and bool(ctx.person.full_name)  # asked again, or on a linked account
    if event.ref.channel != TELEGRAM or (ctx.state != State.TRANSFER and not registered):
        return [Reply(ctx.t("This button is no longer active."))]
    if choice.answer != "yes":
        return await _transfer_refused(ctx) if registered else _refused(ctx)
    proof = evidence(event.ref.channel, event.ref.chat_id, event.message_id, event.update_id)
    if ctx.person is None:
        ctx.person = await ctx.repo.create_person(ctx.account, NOTICE_VERSION, ctx.data.get("dialogue") or proof)
    await ctx.repo.record_consent(ctx.person.id, TRANSFER, NOTICE_VERSION, proof, ctx.account.language, TELEGRAM)
    thanks = ctx.t("Thank you. You agreed on {when}.").format(when=ctx.t.datetime(ctx.now))
    if not registered:
        return _registering(ctx, edit=True)
    if ctx.state == State.TRANSFER:
        ctx.go(IDLE)
        return [main_menu_reply(ctx, thanks)]
    return [Reply(thanks, edit=True)]


async def _transfer_refused(ctx: Context) -> list[Reply]:
    """A registered person who does not agree to the transfer: their Telegram chats no longer lead to them."""
    await ctx.repo.unlink_accounts(ctx.person.id, TELEGRAM)
    ctx.account.person_id, ctx.person = None, None
    ctx.go(IDLE)
    return [Reply(ctx.t("Understood. This Telegram chat is no longer linked to you, and nothing more is sent abroad. "
                        "Your questions are still handled."), edit=True, keyboard=Keyboard.REMOVE)]


async def _announcements_chosen(event: ButtonPressed, ctx: Context, wanted: bool) -> list[Reply]:
    if ctx.person is None:
        return [Reply(ctx.t("This button is no longer active."))]
    await set_announcements(ctx, wanted, evidence(event.ref.channel, event.ref.chat_id, event.message_id,
                                                   event.update_id))
    text = (ctx.t("Thank you. You will be told of dialogue sessions for your village and reminded before them.")
            if wanted else ctx.t("Understood: no announcements. Answers to your own questions still reach you."))
    return [Reply(text, edit=True)]


async def set_announcements(ctx: Context, wanted: bool, proof: str) -> None:
    """Announcements and reminders on (with the consent's evidence) or off (the consent withdrawn)."""
    ctx.person.announcements = wanted
    if wanted:
        await ctx.repo.record_consent(ctx.person.id, ANNOUNCEMENTS, NOTICE_VERSION, proof, ctx.account.language,
                                      ctx.event.ref.channel)
    else:
        await ctx.repo.withdraw_consent(ctx.person.id, ANNOUNCEMENTS, ctx.now)


async def consent_reminder(event: Event, ctx: Context) -> list[Reply]:
    if ctx.state == State.TRANSFER:
        return [Reply(ctx.t("Please choose one of the buttons below the question first."),
                      buttons=purpose_buttons(ctx, TRANSFER))]
    return [Reply(ctx.t("Please choose one of the buttons below the notice first."),
                  buttons=tuple(map(tuple, consent_buttons(ctx)[1:])))]


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
    if ctx.state == State.FIX_PHONE and event.is_own:  # /mydata: a new number
        ctx.person.phone = _clean_phone(event.phone)
        ctx.go(IDLE)
        return [main_menu_reply(ctx, ctx.t("Your phone number is now {phone}.").format(phone=ctx.person.phone))]
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
    offer = [] if ctx.person.announcements else [
        Reply(announcements_question(ctx.t), buttons=purpose_buttons(ctx, ANNOUNCEMENTS))]
    if ask:
        return [main_menu_reply(ctx, text)] + offer + await _ask_from_link(ctx, ask)
    return [main_menu_reply(ctx, text)] + offer


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
    ctx.t = translator(language, ctx.t.kind)  # a phường keeps its words in the new language
    ctx.refresh_menu()
    text = ctx.t("Language set to English.")
    return [main_menu_reply(ctx, text) if ctx.person and ctx.state == IDLE else Reply(text)]


def _profile_complete(ctx: Context) -> bool:
    person = ctx.person
    return bool(person.full_name) and person.commune_id is not None and (person.village_id is not None or ctx.staff)


def _clean_phone(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    return digits[:20]
