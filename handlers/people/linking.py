"""/link: one person, two messengers. A code asked for on one account is typed on the other; nothing is linked
until the code's own account confirms. Typing codes is limited (handlers/link_rules.py) so they cannot be guessed,
and staff accounts are never linked: a staffer's roles stay with the account that was invited."""
from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, Callable

from handlers.conversation.channels import TELEGRAM, messenger
from handlers.conversation.common import need_registration
from handlers.conversation.context import Context
from handlers.conversation.errors import NotFound
from handlers.conversation.events import ButtonPressed, Command
from handlers.conversation.i18n import Translator, translator
from handlers.conversation.replies import Button, Reply
from handlers.people.buttons import LINK_REQUEST, PURPOSE
from handlers.people.link_rules import DAY, LinkLimits, retry_at
from handlers.people.rules import LINK, STAFF_REFUSAL, NOTICE_VERSION, TRANSFER, evidence
from handlers.people.views import link_notice, transfer_question

CODE_DIGITS = 8


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


async def link(event: Command, ctx: Context) -> list[Reply]:
    """Without a code: give one (registered residents only). With a code: ask its owner to confirm."""
    code = "".join(event.args.split())
    if code:
        return await _redeem(ctx, code)
    if ctx.person is None:
        return await need_registration(event, ctx)
    minutes = ctx.deps.link_code_minutes
    code = new_code()
    await ctx.repo.add_link_code(ctx.person.id, code, ctx.now + timedelta(minutes=minutes), ctx.account.id)
    return [Reply(ctx.t("Your linking code is {code}. On your other messenger (Telegram or Zalo), send:\n"
                        "/link {code}\nwithin {minutes} minutes. Do not give this code to anyone: it shows your "
                        "questions.").format(code=code, minutes=minutes))]


def staff_refusal(t: Translator) -> str:
    return t(STAFF_REFUSAL)


async def _redeem(ctx: Context, code: str) -> list[Reply]:
    """Replies rather than errors: a refused code must still count as an attempt (an error rolls back)."""
    bot, user = ctx.bot.row_id, ctx.event.ref.user_id
    limits = ctx.deps.link_limits or LinkLimits()
    wait = retry_at(await ctx.repo.link_failures(bot, ctx.now - DAY, limits.per_account_day, user),
                    await ctx.repo.link_failures(bot, ctx.now - limits.window, limits.per_bot), ctx.now, limits)
    if wait is not None:
        return [Reply(ctx.t("Too many wrong codes. To keep accounts safe, please try again at {time}.").format(
            time=ctx.t.datetime(wait)))]
    row = await ctx.repo.link_code(code) if len(code) == CODE_DIGITS and code.isascii() and code.isdigit() else None
    valid = row is not None and row.used_at is None and row.expires_at > ctx.now
    await ctx.repo.add_link_attempt(bot, user, valid, ctx.now)
    if not valid:
        return [Reply(ctx.t("This linking code is not valid or has expired. Send /link on your other account "
                            "to get a new one."))]
    if ctx.person is not None and row.person_id == ctx.person.id:
        return [Reply(ctx.t("This code was made on this account. Type it on your other messenger."))]
    row.used_at = ctx.now  # one code, one claim
    if await ctx.repo.staff_roles(row.person_id):
        return [Reply(staff_refusal(ctx.t))]
    owner = await ctx.repo.get_account(row.account_id) or (await ctx.repo.accounts_of(row.person_id) or [None])[0]
    if owner is None:
        return [Reply(ctx.t("This linking code is not valid or has expired. Send /link on your other account "
                            "to get a new one."))]
    minutes = ctx.deps.link_code_minutes
    request = await ctx.repo.add_link_request(person_id=row.person_id, owner_account_id=owner.id,
                                              claimant_account_id=ctx.account.id,
                                              expires_at=ctx.now + timedelta(minutes=minutes))
    await _tell(ctx, owner, "link.confirm", lambda t: t(
        "Someone typed your linking code on {messenger}. If it was you, press “Confirm the link”: that account will "
        "see your questions and receive your notifications. If it was not you, press “Refuse”, and never give "
        "your code to anyone. This request ends at {time}.").format(
        messenger=messenger(ctx.event.ref.channel), time=t.datetime(request.expires_at)) + "\n\n" + link_notice(t),
        lambda t: [[Button(t("Confirm the link"), LINK_REQUEST.build(answer="ok", id=request.id)),
                    Button(t("Refuse"), LINK_REQUEST.build(answer="no", id=request.id))]])
    return [Reply(ctx.t("Almost done: please confirm on your other account. A message with a “Confirm the link” "
                        "button was sent to your {messenger} account; press it within {minutes} minutes.").format(
        messenger=messenger(owner.channel), minutes=minutes))]


async def link_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """lk:ok:<request> links the claimant's account; lk:no:<request> refuses. Only the code's owner decides."""
    pressed = LINK_REQUEST.of(event)
    verb = pressed.answer
    request = await ctx.repo.get_link_request(pressed.id)
    if request is None or request.person_id != ctx.person.id or \
            ctx.account.id == request.claimant_account_id or request.decided_at is not None:
        raise NotFound(ctx.t("This button is no longer active."))
    request.decided_at = ctx.now
    claimant = await ctx.repo.get_account(request.claimant_account_id)
    if request.expires_at <= ctx.now or claimant is None:
        request.outcome = "expired"
        return [Reply(ctx.t("This request has expired; nothing was linked. Send /link to get a new code."),
                      edit=True)]
    if verb == "no" or ctx.staff or await ctx.repo.staff_roles(claimant.person_id):
        request.outcome = "refused"
        await _tell(ctx, claimant, "link.refused", lambda t: t("Your other account refused the link. Nothing was "
                                                               "changed."))
        return [Reply(ctx.t("Refused. Nothing was linked, and the code can no longer be used."), edit=True)]
    request.outcome = "confirmed"
    await ctx.repo.link_account(claimant, ctx.person.id, ctx.now)
    proof = evidence(event.ref.channel, event.ref.chat_id, event.message_id, event.update_id)
    await ctx.repo.record_consent(ctx.person.id, LINK, NOTICE_VERSION, f"{proof}:request-{request.id}",
                                  ctx.account.language, event.ref.channel, supersede=False)
    name = ctx.person.full_name
    asked = await _transfer_to_ask(ctx, claimant)
    await _tell(ctx, claimant, "link.done", lambda t: t(
        "Linked, {name}. You now see the same questions here as on your other account: send /mytickets.").format(
        name=name) + ("\n\n" + transfer_question(t) if asked else ""),
        (lambda t: [[Button(t("Agree"), PURPOSE.build(purpose=TRANSFER, answer="yes")),
                     Button(t("Do not agree"), PURPOSE.build(purpose=TRANSFER, answer="no"))]]) if asked else None)
    return [Reply(ctx.t("Done: your {messenger} account is now linked to this one.").format(
        messenger=messenger(claimant.channel)), edit=True)]


async def _transfer_to_ask(ctx: Context, claimant: Any) -> bool:
    """A Telegram account joined to someone who agreed only on Zalo: the transfer abroad is asked there."""
    if claimant.channel != TELEGRAM:
        return False
    return TRANSFER not in {c.purpose for c in await ctx.repo.consents_in_force(ctx.person.id)}


async def _tell(ctx: Context, account: Any, kind: str, render: Callable[[Translator], str],
                buttons: Callable[[Translator], list[list[Button]]] | None = None) -> None:
    """A message to one given account (not the person's latest), in its language."""
    t = translator(account.language, ctx.t.kind)  # the same person: their commune's words
    payload: dict[str, Any] = {"text": render(t)}
    if buttons:
        payload["buttons"] = [[[b.label, b.data] for b in row] for row in buttons(t)]
    await ctx.repo.enqueue(bot_id=account.bot_id, channel=account.channel, chat_id=account.chat_id, kind=kind,
                           payload=payload)
    ctx.queued = True
