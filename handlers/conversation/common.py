"""Small replies many flows share: the main menu, cancel, unreadable content, "register first", the hint in a
group; the kernel's own routes (/help, /cancel)."""
from __future__ import annotations

from handlers.conversation.channels import private_chat_hint
from handlers.conversation.context import Context
from handlers.conversation.events import Event, Unsupported
from handlers.conversation.help import show_help
from handlers.conversation.i18n import N_
from handlers.conversation.menus import main_menu_reply
from handlers.conversation.replies import Keyboard, Reply
from handlers.conversation.routes import CommandRoute, EventRoute, Routes
from handlers.conversation.states import IDLE


async def cancel(event: Event, ctx: Context) -> list[Reply]:
    was_busy = ctx.state != IDLE
    ctx.go(IDLE)
    text = ctx.t("Cancelled. Nothing was sent.") if was_busy else ctx.t("There is nothing to cancel.")
    return [main_menu_reply(ctx, text) if ctx.person else Reply(text, keyboard=Keyboard.REMOVE)]


async def unsupported(event: Event, ctx: Context) -> list[Reply]:
    if getattr(event, "kind", "") == "withheld":  # the platform kept the content from us (Zalo's protected users)
        return [Reply(ctx.t("Sorry, Zalo did not pass your message on to me, so I cannot read it. Zalo does this "
                            "for some protected accounts. Please call or visit the commune office, or ask a family "
                            "member to send your question for you."))]
    if getattr(event, "kind", "") in ("voice", "audio"):  # a messenger that does not pass recordings to bots
        return [Reply(ctx.t("Sorry, voice messages do not reach me on this messenger. Please type your message, "
                            "or call the commune office."))]
    return [Reply(ctx.t("Sorry, I can only read text, photos and documents. Please type your message."))]


async def need_registration(event: Event, ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("Please register first: send /start."))]


async def in_group(event: Event, ctx: Context) -> list[Reply]:
    return [Reply(private_chat_hint(event.ref.channel, ctx.bot.username, ctx.t))]


ROUTES = Routes(
    commands=(CommandRoute("help", show_help, menu=N_("Help"), open=True),
              CommandRoute("cancel", cancel, menu=N_("Cancel what you are doing"), open=True)),
    events=(EventRoute(Unsupported, unsupported, open=True),),
)
