"""/mydata: a resident sees what is kept about them, corrects it, or withdraws consent (Law 91/2025)."""
from __future__ import annotations

from handlers.conversation.context import Context
from handlers.conversation.events import ButtonPressed, Event, TextMessage
from handlers.conversation.menus import main_menu_reply
from handlers.conversation.replies import Button, Keyboard, Reply
from handlers.conversation.states import IDLE
from handlers.people.buttons import MY_DATA, VILLAGE
from handlers.people.onboarding import checked_name
from handlers.people.states import State


async def show_my_data(event: Event, ctx: Context) -> list[Reply]:
    t, person = ctx.t, ctx.person
    village = await ctx.repo.get_village(person.village_id)
    commune = await ctx.repo.get_commune(person.commune_id) if person.commune_id else None
    consent = await ctx.repo.consent_of(person.id)
    _, asked = await ctx.repo.questions_of(person.id, 0)
    lines = [t("What the commune keeps about you:"), "",
             t("Full name: {name}").format(name=person.full_name or "—"),
             t("Commune: {name}").format(name=commune.name if commune else "—"),
             t("Village: {village}").format(village=village.name if village else "—"),
             t("Phone: {phone}").format(phone=person.phone or t("not shared")),
             t("Questions sent: {n}").format(n=asked)]
    if consent is not None:
        lines.append(t("You agreed to the data notice (version {version}) on {when}.").format(
            version=consent.text_version, when=t.datetime(consent.agreed_at)))
    buttons = [[Button(t("✏️ Correct my name"), MY_DATA.build(action="name")),
                Button(t("🏠 Change village"), MY_DATA.build(action="village"))],
               [Button(t("🗑 Withdraw consent and delete"), MY_DATA.build(action="forget"))]]
    return [ctx.reply("\n".join(lines), buttons)]


async def my_data_button(event: ButtonPressed, ctx: Context) -> list[Reply]:
    action = MY_DATA.of(event).action
    t = ctx.t
    if action == "name":
        ctx.go(State.FIX_NAME)
        return [Reply(t("Please type your full name, as on your ID card."))]
    if action == "village":
        villages = await ctx.repo.villages(ctx.person.commune_id)
        ctx.go(State.VILLAGE, changing=True)
        return [ctx.reply(t("Which village (thôn) do you live in?"),
                          [[Button(v.name, VILLAGE.build(id=v.id))] for v in villages])]
    if action == "forget":
        buttons = [[Button(t("Yes, delete my data"), MY_DATA.build(action="forget-yes"))],
                   [Button(t("No, keep it"), MY_DATA.build(action="keep"))]]
        text = t("If you withdraw, your name and phone number are deleted and this chat is unlinked. Questions you "
                 "sent stay in the commune's records without your name, as the law requires, and you will no longer "
                 "be told their outcome. Continue?")
        return [ctx.reply(text, buttons)]
    if action == "forget-yes":
        await ctx.repo.erase_drafts(ctx.person.id)  # before the chats are unlinked from the person
        await ctx.repo.forget_person(ctx.person, ctx.account, ctx.now)
        ctx.person = None
        ctx.go(IDLE)
        return [Reply(t("Done. Your name and phone number have been deleted. Send /start if you want to register "
                        "again."), keyboard=Keyboard.REMOVE)]
    return [Reply(t("Nothing was changed."), edit=True)]


async def name_corrected(event: TextMessage, ctx: Context) -> list[Reply]:
    ctx.person.full_name = checked_name(event.text, ctx.t)
    ctx.go(IDLE)
    return [main_menu_reply(ctx, ctx.t("Your name is now {name}.").format(name=ctx.person.full_name))]
