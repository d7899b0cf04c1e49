"""Village group chats: /linkvillage (buttons) and /unlinkvillage, by a manager or that village's head."""
from __future__ import annotations

from typing import Any

from handlers.conversation.access import MANAGERS, Role
from handlers.conversation.context import Context
from handlers.conversation.errors import NotAllowed
from handlers.conversation.events import ButtonPressed, Event
from handlers.conversation.replies import Button, Reply
from handlers.sessions.buttons import LINK_VILLAGE


def _may_link(ctx: Context, village: Any) -> bool:
    return any(m.commune_id == village.commune_id and
               (m.role in MANAGERS or (m.role == Role.VILLAGE_HEAD and m.village_id == village.id))
               for m in ctx.staff)


async def _linkable_villages(ctx: Context) -> list[Any]:
    villages: list[Any] = []
    for commune_id in dict.fromkeys(m.commune_id for m in ctx.staff):
        villages += [v for v in await ctx.repo.villages(commune_id) if _may_link(ctx, v)]
    return villages


async def link_village(event: Event, ctx: Context) -> list[Reply]:
    if not event.ref.is_group:
        return [Reply(ctx.t("Send /linkvillage in the village's group chat, after adding me to it."))]
    villages = await _linkable_villages(ctx) if ctx.person else []
    if not villages:  # a head with no village yet: the route admitted the role, the scope is empty
        raise NotAllowed(ctx.t("You can link a group only to a village you look after."))
    buttons = [[Button(v.name, LINK_VILLAGE.build(id=v.id))] for v in villages]
    return [ctx.reply(ctx.t("Which village is this group for?"), buttons)]


async def village_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    village = await ctx.repo.get_village(LINK_VILLAGE.of(event).id)
    if village is None or not event.ref.is_group:
        return [Reply(ctx.t("This button is no longer active."))]
    if not _may_link(ctx, village):
        raise NotAllowed(ctx.t("You can link a group only to a village you look after."))
    await ctx.repo.link_group(bot_id=ctx.bot.row_id, channel=event.ref.channel, chat_id=event.ref.chat_id,
                              title="", commune_id=village.commune_id, village_id=village.id,
                              linked_by=ctx.person.id)
    return [Reply(ctx.t("This group is now linked to {village}. Session announcements for the village will be "
                        "posted here.").format(village=village.name), edit=True)]


async def unlink_village(event: Event, ctx: Context) -> list[Reply]:
    link = await ctx.repo.group_link(ctx.bot.row_id, event.ref.chat_id) if event.ref.is_group else None
    if link is None:
        return [Reply(ctx.t("This chat is not linked to a village."))]
    village = await ctx.repo.get_village(link.village_id)
    if not _may_link(ctx, village):
        raise NotAllowed(ctx.t("You can unlink a group only from a village you look after."))
    await ctx.repo.unlink_group(ctx.bot.row_id, event.ref.chat_id)
    return [Reply(ctx.t("This group is no longer linked to {village}; announcements will not be posted here.")
                  .format(village=village.name))]
