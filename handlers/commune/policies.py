"""/policy: a manager sees every per-commune value with its legal basis; the chair or the secretary changes one
(a button per value, then the new value typed), checked against its bounds and audited."""
from __future__ import annotations

from handlers.commune.buttons import POLICY_KEY
from handlers.commune.policy import DEFAULTS
from handlers.commune.policy_change import change_policy, policy_table
from handlers.commune.policy_values import label, shown, spec_of
from handlers.commune.states import State
from handlers.conversation.access import MANAGERS, POLICY_KEEPERS, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import NotFound
from handlers.conversation.events import ButtonPressed, Command, TextMessage
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE

CHUNK = 1800  # characters per message: under Zalo's 2,000 with room for numbered choices


async def show_policy(event: Command, ctx: Context) -> list[Reply]:
    """Every value with its basis, in messages that fit every channel, then one button per value to change."""
    manager = membership(ctx, MANAGERS)
    t = ctx.t
    table = await policy_table(ctx.repo, manager.commune_id)
    entries = [f"{number}. {label(key, t)}: {shown(key, value, t)}\n   " + t("Basis: {basis}").format(basis=basis)
               for number, (key, (value, basis)) in enumerate(table.items(), start=1)]
    messages, current = [], t("The commune's policy values:")
    for entry in entries:
        if len(current) + len(entry) + 1 > CHUNK:
            messages.append(current)
            current = entry
        else:
            current += "\n" + entry
    messages.append(current)
    replies = [Reply(text) for text in messages]
    if POLICY_KEEPERS & ctx.roles:
        buttons = [[Button(f"{number}. {label(key, t)}"[:60], POLICY_KEY.build(key=key))]
                   for number, key in enumerate(table, start=1)]
        replies.append(ctx.reply(t("Which value do you want to change?"), buttons))
    return replies


async def policy_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """pol:<key>: the value now, its basis and bounds, and a prompt for the new one."""
    manager = membership(ctx, POLICY_KEEPERS)
    key = POLICY_KEY.of(event).key
    if key not in DEFAULTS:
        raise NotFound(ctx.t("This button is no longer active."))
    t = ctx.t
    value, basis = (await policy_table(ctx.repo, manager.commune_id))[key]
    spec = spec_of(key)
    ask = {"int": t("Please type the new value, a whole number from {low} to {high}."),
           "time": t("Please type the new time, as hh:mm (for example 08:00)."),
           "text": t("Please type the new value.")}[spec.kind].format(low=spec.low, high=spec.high)
    ctx.go(State.POLICY_VALUE, key=key, commune_id=manager.commune_id)
    lines = [label(key, t), t("Now: {value}").format(value=shown(key, value, t)),
             t("Basis: {basis}").format(basis=basis), ask, t("Send /cancel to stop.")]
    return [Reply("\n".join(lines))]


async def policy_value_typed(event: TextMessage, ctx: Context) -> list[Reply]:
    """The new value: stored and audited, or refused with the reason (the prompt stays open)."""
    manager = membership(ctx, POLICY_KEEPERS)
    key, commune_id = ctx.data.get("key", ""), ctx.data.get("commune_id")
    if commune_id != manager.commune_id or key not in DEFAULTS:
        ctx.go(IDLE)
        return [Reply(ctx.t("This step is no longer active. Send /policy to start again."))]
    change = await change_policy(ctx.repo, commune_id, key, event.text, ctx.t, actor=f"person:{ctx.person.id}",
                                 actor_person_id=ctx.person.id, now=ctx.now)
    ctx.go(IDLE)
    t = ctx.t
    return [Reply(t("Saved: {label}: {old} → {new}.").format(label=label(key, t), old=shown(key, change.old, t),
                                                             new=shown(key, change.new, t)) + "\n" +
                  t("Basis: {basis}").format(basis=change.basis))]
