"""One entry point: an event in, an outcome out. The routes are data each feature declares (its ROUTES); this is the
only module that imports the features, and only their ROUTES. Roles are checked here, once, on the route; errors
become polite replies."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from typing import Any

from handlers.commune.routes import ROUTES as commune
from handlers.conclusions.routes import ROUTES as conclusions
from handlers.conversation import flood
from handlers.conversation.common import ROUTES as kernel
from handlers.conversation.common import in_group, need_registration
from handlers.conversation.context import BotInfo, Context, Deps
from handlers.conversation.errors import DomainError, NotAChoice, NotAllowed, StaleButton
from handlers.conversation.events import ButtonPressed, Command, Event, TextMessage
from handlers.conversation.i18n import Translator, pick_language, translator
from handlers.conversation.menus import command_for_label, main_menu_reply, menu_for, sync_menu
from handlers.conversation.ports import UnitOfWork
from handlers.conversation.replies import CommandMenu, Outcome, Reply, owe
from handlers.conversation.routes import Gate, Handler, Routes
from handlers.conversation.states import IDLE
from handlers.conversation.text import clean_event
from handlers.invitations.routes import ROUTES as invitations
from handlers.meeting.routes import ROUTES as meeting
from handlers.people.routes import ROUTES as people
from handlers.preparation.routes import ROUTES as preparation
from handlers.publicity.routes import ROUTES as publicity
from handlers.questions.routes import ROUTES as questions
from handlers.sessions.routes import ROUTES as sessions

log = logging.getLogger(__name__)

# In this order in menus and /help: what a resident does most comes first.
ROUTES: Routes = (questions | sessions | meeting | conclusions | commune | people | publicity | invitations
                  | preparation | kernel)
PERSONLESS_STATES = ROUTES.personless | {IDLE}  # a chat with no person (yet, or any more) is in one of these
UNPLACED_STATES = ROUTES.unplaced | PERSONLESS_STATES  # a person with no commune yet: registering, or their name
LABEL_STATES = ROUTES.label_states | {IDLE}  # a main-keyboard label typed there is read as its command
GROUP_HINT_COMMANDS = ("start", "help")  # in a group, the bot answers these only with where to write instead


def command_menu(roles: set[str], t: Translator) -> CommandMenu:
    """The command menu of these roles (none: the residents' menu every chat has), in t's language."""
    return menu_for(ROUTES, roles, t)


def route(event: Event, ctx: Context) -> Handler:
    """Pick the handler for an event in its conversation state; NotAllowed when the route is not for their roles."""
    if event.ref.is_group:
        return _group_route(event, ctx)
    if isinstance(event, TextMessage):
        label_command = command_for_label(event.text)
        if label_command and ctx.state in LABEL_STATES:
            event = Command(ref=event.ref, name=label_command)
            ctx.event = event
        else:
            text = ROUTES.text(ctx.state)
            if text is not None:
                return _gated(text.gate, text.handler, ctx)
            return _expect_choice if ctx.state in ROUTES.choice_states else _idle_text
    if isinstance(event, Command):
        command = ROUTES.command(event.name)
        if command is None:
            return _unknown_command
        if ctx.person is None and not command.open:
            return need_registration
        return _gated(command.gate, command.handler, ctx)
    if isinstance(event, ButtonPressed):
        button = ROUTES.button(event.data)
        if button is None or button.kind.parse(event.data) is None:
            return _stale_button
        if ctx.person is None and not button.open:
            return need_registration
        return _gated(button.gate, button.handler, ctx)
    other = ROUTES.event(event)
    if other is None:
        return _silent
    return other.handler if ctx.person is not None or other.open else need_registration


def _group_route(event: Event, ctx: Context) -> Handler:
    """In group chats the bot answers only the routes marked for groups; everything else there is chatter."""
    if isinstance(event, Command) and (command := ROUTES.command(event.name)) and command.in_groups:
        return _gated(command.gate, command.handler, ctx)
    if isinstance(event, ButtonPressed) and (button := ROUTES.button(event.data)) and button.in_groups:
        return _gated(button.gate, button.handler, ctx) if button.kind.parse(event.data) is not None else _stale_button
    return in_group if isinstance(event, Command) and event.name in GROUP_HINT_COMMANDS else _silent


def _gated(gate: Gate | None, handler: Handler, ctx: Context) -> Handler:
    """The handler, when the route's gate admits the person's roles; NotAllowed with its polite refusal otherwise."""
    if gate is not None and not gate.admits(ctx.roles):
        raise NotAllowed(ctx.t(gate.refusal_for(ctx.roles)))
    return handler


async def handle(event: Event, deps: Deps) -> Outcome:
    """Process one event in one unit of work; a redelivered update changes nothing and gets no reply."""
    event = clean_event(event)
    bot = deps.bots[(event.ref.channel, event.ref.bot_id)]
    async with deps.unit_of_work() as uow:
        opened = await _open(event, deps, bot, uow)
        if opened is None:
            return Outcome(result="duplicate")
        ctx, stored = opened
        if flood.over_limit(ctx):
            return replace(await flood.hold_back(event, ctx), result="throttled")
        ctx.routes = ROUTES
        changed_menu = sync_menu(ctx)  # before the handler: a refused update (a removed staffer's) resets it too
        try:
            replies = await route(event, ctx)(ctx.event, ctx)
        except DomainError as error:
            return await _refuse(event, ctx, error, changed_menu)
        sync_menu(ctx)  # the handler may have changed the roles (an invite) or the language
        if _as_stored(ctx.state, ctx.data) != stored:  # unchanged (a menu command at rest): no round trip
            await uow.repo.save_state(bot.row_id, event.ref.chat_id, ctx.state, ctx.data)
        outcome = owe(Outcome(replies=replies, menu=ctx.menu, notice=ctx.notice, queued=ctx.queued))
        await uow.commit()
    return outcome


async def _open(event: Event, deps: Deps, bot: BotInfo, uow: UnitOfWork) -> tuple[Context, str] | None:
    """Record the update, lock the chat's state and load who is writing: the context, and the state as stored
    (`_as_stored`); None for a redelivered update."""
    repo, ref = uow.repo, event.ref
    if ref.is_group:  # a group is never a person's address: look the writer up, create and re-point nothing
        if event.update_id and not await repo.mark_processed(bot.row_id, event.update_id):
            return _duplicate(event)
        account = await repo.account_of(bot.row_id, ref.user_id) or Passerby(pick_language(event.language))
        state_row = await repo.load_state(bot.row_id, ref.chat_id, deps.burst_seconds, event.sent_at)
        person, staff, kind = await repo.person_and_roles(account.person_id)
    else:  # recorded, the account touched, the state locked and counted, the person and roles read: one round trip
        opened = await repo.open_private(bot.row_id, ref.channel, ref.user_id, ref.chat_id,
                                         pick_language(event.language), event.update_id, deps.burst_seconds,
                                         event.sent_at)
        if opened is None:  # the unit of work is rolled back: the redelivery leaves no trace
            return _duplicate(event)
        account, state_row, person, staff, kind = opened
    state, data = state_row.state, dict(state_row.data or {})
    if not _can_go_on(state, person):  # they withdrew (maybe on their other messenger) or started over mid-flow
        state, data = IDLE, {}
    return Context(event=event, uow=uow, deps=deps, bot=bot, t=translator(account.language, kind), account=account,
                   person=person, staff=staff, state=state, data=data, burst=state_row.burst_count), \
        _as_stored(state_row.state, state_row.data or {})


def _as_stored(state: str, data: Any) -> str:
    """A state and its data as text, to tell whether a handler changed them (a handler may change a list inside
    the data in place, so the loaded objects themselves cannot be compared)."""
    return json.dumps([state, data], sort_keys=True, default=str)


def _duplicate(event: Event) -> None:
    ref = event.ref
    log.info("duplicate update skipped channel=%s chat=%s update=%s", ref.channel, ref.chat_id, event.update_id)
    return None


def _can_go_on(state: str, person: Any) -> bool:
    """Whether a chat's stored state still fits who is writing: no person (yet, or any more) only before consent,
    a person without a commune only while registering, anyone only in a state this version knows."""
    if person is None:
        return state in PERSONLESS_STATES
    return state in (UNPLACED_STATES if person.commune_id is None else ROUTES.known_states)


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
    if isinstance(error, StaleButton):
        text = error.message or ctx.t("This button is no longer active.")
    elif isinstance(error, NotAChoice):
        text = error.message or ctx.t("Please choose one of the options above.")
    else:
        text = error.message or ctx.t("Sorry, that did not work.")
    outcome = owe(Outcome(replies=[Reply(text)], menu=menu, notice=text if isinstance(event, ButtonPressed) else "",
                          repeat_choices=isinstance(error, NotAChoice), result="refused"))
    await ctx.uow.commit()
    return outcome


async def _silent(event: Event, ctx: Context) -> list[Reply]:
    return []


async def _idle_text(event: Event, ctx: Context) -> list[Reply]:
    if ctx.person is None:
        return await need_registration(event, ctx)
    return [main_menu_reply(ctx, ctx.t("To send a question, press “Ask a question” or send /ask. "
                                       "See your questions with /mytickets."))]


async def _expect_choice(event: Event, ctx: Context) -> list[Reply]:
    raise NotAChoice()


async def _unknown_command(event: Event, ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("I do not know that command. Send /help to see what I can do."))]


async def _stale_button(event: Event, ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("This button is no longer active."))]

