"""/help, built from the routes: the commands this person's roles may use, each with its menu line."""
from __future__ import annotations

from handlers.conversation.context import Context
from handlers.conversation.events import Event
from handlers.conversation.menus import main_menu_reply
from handlers.conversation.replies import Reply
from handlers.conversation.routes import commands_for


async def show_help(event: Event, ctx: Context) -> list[Reply]:
    t = ctx.t
    everyone = [c.name for c in commands_for(ctx.routes, set())]
    lines = [t("I help you send questions to the commune's dialogue sessions and follow their answers."), ""]
    lines += [f"/{c.name} — {t(c.menu)}" for c in commands_for(ctx.routes, ctx.roles) if c.name in everyone]
    staff = [f"/{c.name} — {t(c.menu)}" for c in commands_for(ctx.routes, ctx.roles) if c.name not in everyone]
    if staff:
        lines += ["", t("For staff:")] + staff
    return [main_menu_reply(ctx, "\n".join(lines)) if ctx.person else Reply("\n".join(lines))]
