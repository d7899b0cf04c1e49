"""Small replies many flows share: help, cancel, the main menu, unreadable content."""
from __future__ import annotations

from handlers.channels import private_chat_hint
from handlers.context import Context
from handlers.events import Event
from handlers.menus import main_menu_labels
from handlers.replies import Keyboard, Reply
from handlers.states import State


def main_menu_reply(ctx: Context, text: str) -> Reply:
    return Reply(text=text, keyboard=Keyboard.MAIN_MENU, keyboard_labels=main_menu_labels(ctx.t))


async def show_help(event: Event, ctx: Context) -> list[Reply]:
    t = ctx.t
    lines = [t("I help you send questions to the commune's dialogue sessions and follow their answers."),
             "",
             t("/ask — ask a question"),
             t("/mytickets — your questions and their answers"),
             t("/mydata — see, correct or delete your personal data"),
             t("/sessions — upcoming dialogue sessions"),
             t("/notifications — session announcements on or off"),
             t("/language — Tiếng Việt / English"),
             t("/cancel — stop what you are doing"),
             t("/link — use the same account on Telegram and Zalo")]
    lines += [t("/speak — register to speak at a session"), t("/petition — ask for an extraordinary session"),
              t("/claim CODE — take over a question your village head sent for you")]
    if ctx.staff:
        lines += ["", t("For staff:"), t("/queue — open questions"), t("/q TT-0042 — one question and its actions"),
                  t("/newsession — plan a dialogue session; /reach 3 — who the announcement reached"),
                  t("/linkvillage, /unlinkvillage — in a village's group chat: link it to the village"),
                  t("/conclude 3 — outcomes and the conclusion of session 3; /due, /overdue — answers owed"),
                  t("/report 3 — chart, spreadsheet and documents of session 3; /scorecard — the commune's record"),
                  t("/dayoff, /workday 25/11/2026 — the commune's exceptions to the national calendar")]
        lines += [t("/next, /speakers, /live, /minutes — run a session: speakers, live questions, the record"),
                  t("/reception, /reclassify TT-0042 complaint — complaints and denunciations"),
                  t("/proxy, /sheet — village heads: questions for residents without phones"),
                  t("/staff — the commune's staff: list and remove (chairperson, secretary, administrator)")]
    return [main_menu_reply(ctx, "\n".join(lines)) if ctx.person else Reply("\n".join(lines))]


async def cancel(event: Event, ctx: Context) -> list[Reply]:
    was_busy = ctx.state != State.IDLE
    ctx.go(State.IDLE)
    text = ctx.t("Cancelled. Nothing was sent.") if was_busy else ctx.t("There is nothing to cancel.")
    return [main_menu_reply(ctx, text) if ctx.person else Reply(text, keyboard=Keyboard.REMOVE)]


async def unsupported(event: Event, ctx: Context) -> list[Reply]:
    if getattr(event, "kind", "") == "withheld":  # the platform kept the content from us (Zalo's protected users)
        return [Reply(ctx.t("Sorry, Zalo did not pass your message on to me, so I cannot read it. Zalo does this "
                            "for some protected accounts. Please call or visit the commune office, or ask a family "
                            "member to send your question for you."))]
    return [Reply(ctx.t("Sorry, I can only read text, photos and documents. Please type your message."))]


async def need_registration(event: Event, ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("Please register first: send /start."))]


async def in_group(event: Event, ctx: Context) -> list[Reply]:
    return [Reply(private_chat_hint(event.ref.channel, ctx.bot.username, ctx.t))]
