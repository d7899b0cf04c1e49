"""/dayoff and /workday: a manager edits the commune's exceptions to Vietnam's calendar (days the Prime Minister
or the province announce each year); without a date, the list."""
from __future__ import annotations

from typing import Any

from handlers.commune.dates import parse_day
from handlers.conversation.access import MANAGERS, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput
from handlers.conversation.events import Command
from handlers.conversation.i18n import VIETNAM
from handlers.conversation.replies import Reply
from handlers.conversation.text import normalise


async def day_off(event: Command, ctx: Context) -> list[Reply]:
    """/dayoff 25/11/2026 Lễ hội xã"""
    return await _override(event, ctx, working=False)


async def working_day(event: Command, ctx: Context) -> list[Reply]:
    """/workday 28/11/2026 Làm bù"""
    return await _override(event, ctx, working=True)


async def _override(event: Command, ctx: Context, working: bool) -> list[Reply]:
    manager = membership(ctx, MANAGERS)
    text = normalise(event.args)
    if not text:
        return [await _listing(ctx, manager)]
    day_text, _, note = text.partition(" ")
    day = parse_day(day_text)
    if day is None:
        raise InvalidInput(ctx.t("Please give a date as dd/mm/yyyy, for example: /dayoff 25/11/2026 Commune festival"))
    if day < ctx.now.astimezone(VIETNAM).date():
        raise InvalidInput(ctx.t("{date} has passed; only today or later days can be changed.").format(
            date=ctx.t.date(day)))
    await ctx.repo.set_day_override(manager.commune_id, day, working, note[:200])
    done = ctx.t("Saved: {date} is a working day for the commune.") if working else \
        ctx.t("Saved: {date} is a day off for the commune.")
    return [Reply(done.format(date=ctx.t.date(day)) + "\n" + ctx.t("Due dates set from now on count it."))]


async def _listing(ctx: Context, manager: Any) -> Reply:
    overrides = await ctx.repo.day_overrides(manager.commune_id)
    if not overrides:
        return Reply(ctx.t("The commune follows Vietnam's calendar with no exceptions. Add one with /dayoff "
                           "dd/mm/yyyy or /workday dd/mm/yyyy."))
    lines = [ctx.t("The commune's exceptions to Vietnam's calendar:")]
    lines += [f"• {ctx.t.date(day)}: " + (ctx.t("working day") if working else ctx.t("day off"))
              for day, working in sorted(overrides.items())]
    return Reply("\n".join(lines))
