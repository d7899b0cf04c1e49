"""One entry point: an event in, an outcome out. Routing is one readable table; errors become polite replies."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from handlers import asking, buttons, common, linking, my_data, my_tickets, onboarding, queue, ticket_actions
from handlers import groups, planning, resident_sessions, session_admin
from handlers import conclusions, day_overrides, followup, reports
from handlers import complaints, live, online, petitions, proxy, speakers, supporters
from handlers import staff as staff_admin
from handlers import flood
from handlers.buttons import ButtonKind
from handlers.context import BotInfo, Context, Deps
from handlers.errors import DomainError, NotAChoice, StaleButton
from handlers.events import (AttachmentSent, ButtonPressed, Command, ContactShared, Event, TextMessage,
                             Unsupported)
from handlers.i18n import pick_language, translator
from handlers.menus import command_for_label, sync_menu
from handlers.ports import UnitOfWork
from handlers.replies import Outcome, Reply
from handlers.states import State
from handlers.text import clean_event

log = logging.getLogger(__name__)
Handler = Callable[[Event, Context], Awaitable[list[Reply]]]

# Commands anyone may send, even before registering.
OPEN_COMMANDS: dict[str, Handler] = {
    "start": onboarding.start,
    "language": onboarding.choose_language,
    "help": common.show_help,
    "cancel": common.cancel,
    "link": linking.link,
}
# Commands for registered people (staff commands are refused politely to residents by the handlers).
COMMANDS: dict[str, Handler] = {
    "ask": asking.start_ask,
    "mytickets": my_tickets.list_tickets,
    "queue": queue.show_queue,
    "q": ticket_actions.show_question,
    "mydata": my_data.show_my_data,
    "newsession": planning.new_session,
    "sessions": resident_sessions.list_sessions,
    "reach": session_admin.reach,
    "notifications": resident_sessions.notifications,
    "linkvillage": groups.link_village,
    "unlinkvillage": groups.unlink_village,
    "conclude": conclusions.conclude,
    "due": followup.show_due,
    "overdue": followup.show_overdue,
    "report": reports.report,
    "scorecard": reports.scorecard,
    "dayoff": day_overrides.day_off,
    "workday": day_overrides.working_day,
    "speak": speakers.start_speak,
    "next": speakers.call_next,
    "speakers": speakers.list_speakers,
    "live": live.show_live,
    "petition": petitions.show_petitions,
    "proxy": proxy.start_proxy,
    "claim": proxy.claim,
    "sheet": proxy.village_sheet,
    "reclassify": complaints.reclassify,
    "reception": complaints.show_reception,
    "minutes": online.minutes,
    "staff": staff_admin.show_staff,
}
# Button kind (handlers/buttons.py: one per data format) → handler.
BUTTONS: dict[ButtonKind, Handler] = {
    buttons.CONSENT: onboarding.consent_answer,
    buttons.LANGUAGE: onboarding.language_chosen,
    buttons.COMMUNE: onboarding.commune_chosen,
    buttons.VILLAGE: onboarding.village_chosen,
    buttons.ASK_SESSION: asking.session_chosen,
    buttons.ASK_TOPIC: asking.topic_chosen,
    buttons.ASK_REVIEW: asking.review_action,
    buttons.MY_TICKET: my_tickets.ticket_button,
    buttons.MY_TICKETS_PAGE: my_tickets.ticket_button,
    buttons.QUEUE: queue.queue_button,
    buttons.QUEUE_FILTER: queue.queue_button,
    buttons.QUESTION: ticket_actions.open_from_queue,
    buttons.QUESTION_FILES: ticket_actions.show_files,
    buttons.QUESTION_ACTION: ticket_actions.action_pressed,
    buttons.QUESTION_DEPARTMENT: ticket_actions.department_chosen,
    buttons.MY_DATA: my_data.my_data_button,
    **dict.fromkeys((buttons.PLAN_KIND, buttons.PLAN_THEME, buttons.PLAN_ONLINE, buttons.PLAN_VILLAGE,
                     buttons.PLAN_INTAKE, buttons.PLAN_CO), planning.plan_button),
    **dict.fromkeys((buttons.SESSION, buttons.SESSION_EDIT, buttons.SESSION_DO), session_admin.session_button),
    buttons.SESSION_CALENDAR: resident_sessions.session_button,
    buttons.ANNOUNCEMENTS: resident_sessions.notifications_pressed,
    buttons.LINK_VILLAGE: groups.village_pressed,
    buttons.CONCLUSION: conclusions.conclusion_button,
    buttons.FEEDBACK: followup.feedback_pressed,
    buttons.QUESTION_COMPLEX: followup.mark_complex,
    buttons.ME_TOO: supporters.support_pressed,
    buttons.SPEAK_SESSION: speakers.session_pressed,
    buttons.SPEAKER: speakers.speaker_pressed,
    buttons.PETITION_NEW: petitions.petition_pressed,
    buttons.PETITION: petitions.petition_pressed,
    buttons.PROXY_CONSENT: proxy.proxy_pressed,
    buttons.PROXY_TOPIC: proxy.proxy_pressed,
    buttons.STAFF_MEMBER: staff_admin.staff_pressed,
    buttons.LINK_REQUEST: linking.link_pressed,
}
# Free text, by conversation state.
TEXT_BY_STATE: dict[str, Handler] = {
    State.CONSENT: onboarding.consent_reminder,
    State.NAME: onboarding.name_entered,
    State.PHONE: onboarding.phone_text,
    State.ASK_TEXT: asking.text_entered,
    State.ASK_REVIEW: asking.review_text,
    State.STAFF_ANSWER: ticket_actions.note_entered,
    State.STAFF_DECLINE: ticket_actions.note_entered,
    State.STAFF_FORWARD: ticket_actions.note_entered,
    State.STAFF_MERGE: ticket_actions.note_entered,
    State.FIX_NAME: my_data.name_corrected,
    State.PLAN_THEME: planning.plan_text,
    State.PLAN_WHEN: planning.plan_text,
    State.PLAN_VENUE: planning.plan_text,
    State.PLAN_INTAKE: planning.plan_text,
    State.PLAN_OVERRIDE: session_admin.override_reason,
    State.CONCLUSION_TEXT: conclusions.conclusion_entered,
    State.FEEDBACK_COMMENT: followup.feedback_comment,
    State.SPEAK_TEXT: speakers.speak_text,
    State.PETITION_THEME: petitions.theme_entered,
    State.PROXY_NAME: proxy.proxy_text,
    State.PROXY_TEXT: proxy.proxy_text,
}
# States that wait for one of the options offered (buttons; numbered lines on Zalo): text there is refused.
CHOICE_STATES = frozenset(State) - set(TEXT_BY_STATE) - {State.IDLE}
# In group chats the bot answers only these; everything else there is chatter and gets no reply.
GROUP_COMMANDS = {"linkvillage": groups.link_village, "unlinkvillage": groups.unlink_village}
GROUP_BUTTONS = {buttons.LINK_VILLAGE: groups.village_pressed}
BUTTONS_BEFORE_REGISTRATION = {buttons.CONSENT, buttons.LANGUAGE}
PERSONLESS_STATES = {State.IDLE, State.CONSENT}  # a chat with no person (yet, or any more) is in one of these
# a person who has not chosen their commune yet is registering, or correcting their name
UNPLACED_STATES = PERSONLESS_STATES | {State.NAME, State.COMMUNE, State.VILLAGE, State.PHONE, State.FIX_NAME}
KNOWN_STATES = set(State)


def route(event: Event, ctx: Context) -> Handler:
    """Pick the handler for an event in its conversation state."""
    if event.ref.is_group:
        return _group_route(event)
    if isinstance(event, TextMessage):
        label_command = command_for_label(event.text)
        if label_command and ctx.state in (State.IDLE, State.ASK_SESSION, State.ASK_TOPIC):
            event = Command(ref=event.ref, name=label_command)
            ctx.event = event
        else:
            return TEXT_BY_STATE.get(ctx.state) or (_expect_choice if ctx.state in CHOICE_STATES else _idle_text)
    if isinstance(event, Command):
        if event.name in OPEN_COMMANDS:
            return OPEN_COMMANDS[event.name]
        if event.name not in COMMANDS:
            return _unknown_command
        if ctx.person is None:
            return common.need_registration
        return COMMANDS[event.name]
    if isinstance(event, ButtonPressed):
        kind = buttons.kind_of(event.data)
        if kind not in BUTTONS or kind.parse(event.data) is None:
            return _stale_button
        if ctx.person is None and kind not in BUTTONS_BEFORE_REGISTRATION:
            return common.need_registration
        return BUTTONS[kind]
    if isinstance(event, ContactShared):
        return onboarding.contact_shared
    if isinstance(event, AttachmentSent):
        return asking.attachment_added if ctx.person else common.need_registration
    if isinstance(event, Unsupported):
        return common.unsupported
    return _silent


def _group_route(event: Event) -> Handler:
    if isinstance(event, Command) and event.name in GROUP_COMMANDS:
        return GROUP_COMMANDS[event.name]
    if isinstance(event, ButtonPressed) and (kind := buttons.kind_of(event.data)) in GROUP_BUTTONS:
        return GROUP_BUTTONS[kind] if kind.parse(event.data) is not None else _stale_button
    return common.in_group if isinstance(event, Command) and event.name in ("start", "help") else _silent


async def handle(event: Event, deps: Deps) -> Outcome:
    """Process one event in one unit of work; a redelivered update changes nothing and gets no reply."""
    event = clean_event(event)
    bot = deps.bots[(event.ref.channel, event.ref.bot_id)]
    async with deps.unit_of_work() as uow:
        ctx = await _open(event, deps, bot, uow)
        if ctx is None:
            return Outcome()
        if flood.over_limit(ctx):
            return await flood.hold_back(event, ctx)
        changed_menu = sync_menu(ctx)  # before the handler: a refused update (a removed staffer's) resets it too
        try:
            replies = await route(event, ctx)(ctx.event, ctx)
        except DomainError as error:
            return await _refuse(event, ctx, error, changed_menu)
        sync_menu(ctx)  # the handler may have changed the roles (an invite) or the language
        await uow.repo.save_state(bot.row_id, event.ref.chat_id, ctx.state, ctx.data)
        await uow.commit()
    return Outcome(replies=replies, menu=ctx.menu, notice=ctx.notice, queued=ctx.queued)


async def _open(event: Event, deps: Deps, bot: BotInfo, uow: UnitOfWork) -> Context | None:
    """Record the update, lock the chat's state and load who is writing; None for a redelivered update."""
    repo, ref = uow.repo, event.ref
    if event.update_id and not await repo.mark_processed(bot.row_id, event.update_id):
        log.info("duplicate update skipped channel=%s chat=%s update=%s", ref.channel, ref.chat_id, event.update_id)
        return None
    if ref.is_group:  # a group is never a person's address: look the writer up, create and re-point nothing
        account = await repo.account_of(bot.row_id, ref.user_id) or Passerby(pick_language(event.language))
    else:
        account = await repo.touch_account(bot.row_id, ref.channel, ref.user_id, ref.chat_id,
                                           pick_language(event.language))
    state_row = await repo.load_state(bot.row_id, ref.chat_id, deps.burst_seconds, event.sent_at)
    person, staff = await repo.person_and_roles(account.person_id)
    state, data = state_row.state, dict(state_row.data or {})
    if not _can_go_on(state, person):  # they withdrew (maybe on their other messenger) or started over mid-flow
        state, data = State.IDLE, {}
    return Context(event=event, uow=uow, deps=deps, bot=bot, t=translator(account.language), account=account,
                   person=person, staff=staff, state=state, data=data, burst=state_row.burst_count)


def _can_go_on(state: str, person: Any) -> bool:
    """Whether a chat's stored state still fits who is writing: no person (yet, or any more) only before consent,
    a person without a commune only while registering, anyone only in a state this version knows."""
    if person is None:
        return state in PERSONLESS_STATES
    return state in (UNPLACED_STATES if person.commune_id is None else KNOWN_STATES)


@dataclass
class Passerby:
    """Someone writing in a group who has no account with the bot yet."""

    language: str
    person_id: int | None = None


async def _refuse(event: Event, ctx: Context, error: DomainError, changed_menu: str | None = None) -> Outcome:
    """A refused input changes nothing: roll back the handler's writes, keep only that the update was seen
    (and that the chat was given the menu its roles call for)."""
    menu = ctx.menu if changed_menu else None
    await ctx.uow.rollback()
    if event.update_id:
        await ctx.uow.repo.mark_processed(ctx.bot.row_id, event.update_id)
    if changed_menu:
        await ctx.uow.repo.set_account_menu(ctx.bot.row_id, event.ref.user_id, changed_menu)
    await ctx.uow.repo.load_state(ctx.bot.row_id, event.ref.chat_id, ctx.deps.burst_seconds,  # it still counts
                                  event.sent_at)
    await ctx.uow.commit()
    if isinstance(error, StaleButton):
        text = error.message or ctx.t("This button is no longer active.")
    elif isinstance(error, NotAChoice):
        text = error.message or ctx.t("Please choose one of the options above.")
    else:
        text = error.message or ctx.t("Sorry, that did not work.")
    return Outcome(replies=[Reply(text)], menu=menu, notice=text if isinstance(event, ButtonPressed) else "",
                   repeat_choices=isinstance(error, NotAChoice))


async def _silent(event: Event, ctx: Context) -> list[Reply]:
    return []


async def _idle_text(event: Event, ctx: Context) -> list[Reply]:
    if ctx.person is None:
        return await common.need_registration(event, ctx)
    return [common.main_menu_reply(ctx, ctx.t("To send a question, press “Ask a question” or send /ask. "
                                              "See your questions with /mytickets."))]


async def _expect_choice(event: Event, ctx: Context) -> list[Reply]:
    raise NotAChoice()


async def _unknown_command(event: Event, ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("I do not know that command. Send /help to see what I can do."))]


async def _stale_button(event: Event, ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("This button is no longer active."))]

