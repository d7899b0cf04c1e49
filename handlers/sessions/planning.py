"""/newsession: guided creation of a draft session (kind, theme, time, place, villages, intake, co-organisers)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.commune.dates import parse_day, parse_when
from handlers.commune.policy import load_session_policy
from handlers.conversation.access import MANAGERS, membership
from handlers.conversation.buttons import kind_of
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput
from handlers.conversation.events import ButtonPressed, Event, TextMessage
from handlers.conversation.replies import Button, Reply
from handlers.conversation.text import normalise
from handlers.sessions.buttons import PLAN_CO, PLAN_INTAKE, PLAN_KIND, PLAN_ONLINE, PLAN_THEME, PLAN_VILLAGE
from handlers.sessions.card import save_draft
from handlers.sessions.rules import intake_close_at
from handlers.sessions.states import State
from handlers.sessions.views import intake_until, theme_name

CO_ORGANISERS = ("front", "council")


async def new_session(event: Event, ctx: Context) -> list[Reply]:
    manager = membership(ctx, MANAGERS)
    ctx.go(State.PLAN_KIND, draft={"commune_id": manager.commune_id, "villages": [], "co": []})
    buttons = [[Button(ctx.t("Periodic"), PLAN_KIND.build(session_kind="periodic")),
                Button(ctx.t("Extraordinary"), PLAN_KIND.build(session_kind="extraordinary"))]]
    return [ctx.reply(ctx.t("A new dialogue session. Which kind is it?"), buttons)]


async def plan_button(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """ns:<step>[:<value>] — one step of the creation (or edit) flow."""
    kind = kind_of(event.data)
    expected = {PLAN_KIND: State.PLAN_KIND, PLAN_THEME: State.PLAN_THEME, PLAN_ONLINE: State.PLAN_VENUE,
                PLAN_VILLAGE: State.PLAN_VILLAGES, PLAN_INTAKE: State.PLAN_INTAKE, PLAN_CO: State.PLAN_COORGANISERS}
    if kind is None or ctx.state != expected.get(kind):
        return [Reply(ctx.t("This button is no longer active."))]
    pressed, draft = kind.of(event), _draft(ctx)
    if kind is PLAN_KIND:
        draft["kind"] = pressed.session_kind
        return await ask_theme(ctx)
    if kind is PLAN_THEME:
        draft["theme"] = pressed.theme
        return await _next(ctx, ask_when)
    if kind is PLAN_ONLINE:
        draft.update(online=True, venue="")
        return await _next(ctx, ask_villages)
    if kind is PLAN_VILLAGE:
        return await _village_pressed(ctx, pressed.village)
    if kind is PLAN_INTAKE:
        draft["intake_closes"] = None
        return await _next(ctx, ask_co_organisers)
    return await _co_organiser_pressed(ctx, pressed.co)


async def plan_text(event: TextMessage, ctx: Context) -> list[Reply]:
    text, draft, t = normalise(event.text), _draft(ctx), ctx.t
    if ctx.state == State.PLAN_THEME:
        if not text or len(text) > 150:
            raise InvalidInput(t("Please type the theme in a few words (at most 150 characters)."))
        draft["theme"] = text
        return await _next(ctx, ask_when)
    if ctx.state == State.PLAN_WHEN:
        when = parse_when(text)
        if when is None or when <= ctx.now:
            raise InvalidInput(t("Please type a future date and time as dd/mm/yyyy hh:mm, e.g. 15/12/2026 08:00."))
        draft["starts_at"] = when.isoformat()
        return await _next(ctx, ask_venue)
    if ctx.state == State.PLAN_VENUE:
        if not text or len(text) > 200:
            raise InvalidInput(t("Please type the venue (at most 200 characters), or press “Online”."))
        draft.update(venue=text, online=False)
        return await _next(ctx, ask_villages)
    day = parse_day(text)
    starts = datetime.fromisoformat(draft["starts_at"])
    if day is None or day >= starts.date() or day < ctx.now.date():
        raise InvalidInput(t("Please type a date between today and the session's day, as dd/mm/yyyy."))
    draft["intake_closes"] = datetime.combine(day, datetime.max.time(), starts.tzinfo).isoformat()
    return await _next(ctx, ask_co_organisers)


async def ask_theme(ctx: Context) -> list[Reply]:
    ctx.state = State.PLAN_THEME
    buttons = [[Button(theme_name(code, ctx.t), PLAN_THEME.build(theme=code))] for code in ("general", "admin_reform")]
    return [ctx.reply(ctx.t("What is its theme? Choose one, or type another theme."), buttons)]


async def ask_when(ctx: Context) -> list[Reply]:
    ctx.state = State.PLAN_WHEN
    return [Reply(ctx.t("When does it take place? Type the date and time as dd/mm/yyyy hh:mm, "
                        "e.g. 15/12/2026 08:00."))]


async def ask_venue(ctx: Context) -> list[Reply]:
    ctx.state = State.PLAN_VENUE
    return [ctx.reply(ctx.t("Where? Type the venue, or press “Online”."),
                      [[Button(ctx.t("Online"), PLAN_ONLINE.build())]])]


async def ask_villages(ctx: Context, edit: bool = False) -> list[Reply]:
    ctx.state = State.PLAN_VILLAGES
    chosen = set(ctx.data["draft"].get("villages", []))
    villages = await ctx.repo.villages(ctx.data["draft"]["commune_id"])
    buttons = [[Button(("✅ " if v.id in chosen else "") + v.name, PLAN_VILLAGE.build(village=v.id))] for v in villages]
    buttons.append([Button(ctx.t("All villages"), PLAN_VILLAGE.build(village="all")),
                    Button(ctx.t("Done"), PLAN_VILLAGE.build(village="done"))])
    text = ctx.t("Which villages does it cover? Tick them and press “Done”, or press “All villages”.")
    return [Reply(text, buttons=tuple(tuple(row) for row in buttons), edit=edit)]


async def ask_intake(ctx: Context) -> list[Reply]:
    ctx.state = State.PLAN_INTAKE
    policy = await load_session_policy(ctx.repo, ctx.data["draft"]["commune_id"])
    closes = intake_close_at(ctx.now, datetime.fromisoformat(ctx.data["draft"]["starts_at"]), None, policy)
    label = ctx.t("Until {until}").format(until=intake_until(closes, ctx.t))
    return [ctx.reply(ctx.t("Until when may residents send questions? Press the default, or type a date "
                            "(dd/mm/yyyy)."), [[Button(label, PLAN_INTAKE.build())]])]


async def ask_co_organisers(ctx: Context, edit: bool = False) -> list[Reply]:
    ctx.state = State.PLAN_COORGANISERS
    chosen, t = set(ctx.data["draft"].get("co", [])), ctx.t
    names = {"front": t("Fatherland Front"), "council": t("People's Council representative")}
    buttons = [(Button(("✅ " if c in chosen else "") + names[c], PLAN_CO.build(co=c)),) for c in CO_ORGANISERS]
    buttons.append((Button(t("Done"), PLAN_CO.build(co="done")),))
    return [Reply(t("Who organises it with the People's Committee? Tick them, then press “Done”."),
                  buttons=tuple(buttons), edit=edit)]


def _draft(ctx: Context) -> dict[str, Any]:
    """The draft as a fresh dict, so the stored conversation data sees the change."""
    ctx.data["draft"] = dict(ctx.data["draft"])
    return ctx.data["draft"]


async def _village_pressed(ctx: Context, value: int | str) -> list[Reply]:
    draft = _draft(ctx)
    if value == "all":
        draft["villages"] = []
    elif value != "done":
        ids = {v.id for v in await ctx.repo.villages(draft["commune_id"])}
        village_id = value
        if village_id not in ids:
            return [Reply(ctx.t("This button is no longer active."))]
        chosen = set(draft.get("villages", []))
        draft["villages"] = sorted(chosen ^ {village_id})
        return await ask_villages(ctx, edit=True)
    return await _next(ctx, ask_intake)


async def _co_organiser_pressed(ctx: Context, value: str) -> list[Reply]:
    draft = _draft(ctx)
    if value in CO_ORGANISERS:
        draft["co"] = sorted(set(draft.get("co", [])) ^ {value})
        return await ask_co_organisers(ctx, edit=True)
    return await _next(ctx, None)


async def _next(ctx: Context, step: Any) -> list[Reply]:
    """Go on to the next step; when editing one field, or after the last step, save and show the card."""
    if step is not None and "edit" not in ctx.data:
        return await step(ctx)
    return await save_draft(ctx)
