"""/link: one person, two messengers. A code asked for on one account is typed on the other."""
from __future__ import annotations

import secrets
from datetime import timedelta

from handlers.common import main_menu_reply, need_registration
from handlers.context import Context
from handlers.errors import InvalidInput
from handlers.events import Command
from handlers.menus import menu_for
from handlers.replies import Reply
from handlers.states import State

CODE_DIGITS = 8


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


async def link(event: Command, ctx: Context) -> list[Reply]:
    """Without a code: give one (registered people only). With a code: join this account to its owner."""
    code = "".join(event.args.split())
    if code:
        return await _redeem(ctx, code)
    if ctx.person is None:
        return await need_registration(event, ctx)
    minutes = ctx.deps.link_code_minutes
    code = new_code()
    await ctx.repo.add_link_code(ctx.person.id, code, ctx.now + timedelta(minutes=minutes))
    return [Reply(ctx.t("Your linking code is {code}. On your other messenger (Telegram or Zalo), send:\n"
                        "/link {code}\nwithin {minutes} minutes. Do not give this code to anyone: it shows your "
                        "questions.").format(code=code, minutes=minutes))]


async def _redeem(ctx: Context, code: str) -> list[Reply]:
    row = await ctx.repo.link_code(code)
    if row is None or row.used_at is not None or row.expires_at <= ctx.now:
        raise InvalidInput(ctx.t("This linking code is not valid or has expired. Send /link on your other account "
                                 "to get a new one."))
    if ctx.person is not None and row.person_id == ctx.person.id:
        raise InvalidInput(ctx.t("This code was made on this account. Type it on your other messenger."))
    await ctx.repo.link_account(ctx.account, row, ctx.now)
    ctx.person = await ctx.repo.get_person(row.person_id)
    ctx.staff = await ctx.repo.staff_roles(ctx.person.id)
    ctx.menu = menu_for(ctx.roles, ctx.t)
    ctx.go(State.IDLE)
    text = ctx.t("Linked, {name}. You now see the same questions here as on your other account: send /mytickets.")
    return [main_menu_reply(ctx, text.format(name=ctx.person.full_name))]
