"""/mydata: a resident sees what is kept about them and which purposes they agreed to, exports it as a file,
corrects it, changes or removes the phone, withdraws one purpose without the others, or withdraws altogether
(Law 91/2025/QH15)."""
from __future__ import annotations

import json

from handlers.conversation.channels import TELEGRAM
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput
from handlers.conversation.events import Attachment, ButtonPressed, Event, TextMessage
from handlers.conversation.menus import main_menu_reply
from handlers.conversation.replies import Button, Keyboard, Reply
from handlers.conversation.states import IDLE
from handlers.people.buttons import MY_DATA, VILLAGE
from handlers.people.onboarding import checked_name, set_announcements
from handlers.people.phones import parse_phone
from handlers.people.rules import TRANSFER, evidence
from handlers.people.states import State
from handlers.people.views import purpose_label


async def show_my_data(event: Event, ctx: Context) -> list[Reply]:
    t, person = ctx.t, ctx.person
    village = await ctx.repo.get_village(person.village_id)
    commune = await ctx.repo.get_commune(person.commune_id) if person.commune_id else None
    consents = await ctx.repo.consents_in_force(person.id)
    _, asked = await ctx.repo.questions_of(person.id, 0)
    lines = [t("What the commune keeps about you:"), "",
             t("Full name: {name}").format(name=person.full_name or "—"),
             t("Commune: {name}").format(name=commune.name if commune else "—"),
             t("Village: {village}").format(village=village.name if village else "—"),
             t("Phone: {phone}").format(phone=person.phone or t("not shared")),
             t("Questions sent: {n}").format(n=asked), "", t("You agreed to:")]
    lines += [t("- {purpose}: on {when} (notice version {version})").format(
        purpose=purpose_label(c.purpose, t), when=t.datetime(c.agreed_at), version=c.text_version) for c in consents]
    if not person.announcements:
        lines.append(t("Session announcements and reminders: off."))
    return [ctx.reply("\n".join(lines), _buttons(ctx, {c.purpose for c in consents}))]


def _buttons(ctx: Context, in_force: set[str]) -> list[list[Button]]:
    t, person = ctx.t, ctx.person
    rows = [[Button(t("📄 Export my data"), MY_DATA.build(action="export"))],
            [Button(t("✏️ Correct my name"), MY_DATA.build(action="name")),
             Button(t("🏠 Change village"), MY_DATA.build(action="village"))],
            [Button(t("📱 Change phone number"), MY_DATA.build(action="phone"))]]
    if person.phone:
        rows[-1].append(Button(t("Remove phone number"), MY_DATA.build(action="phone-del")))
    rows.append([Button(t("Stop announcements"), MY_DATA.build(action="ann-off")) if person.announcements
                 else Button(t("Receive announcements"), MY_DATA.build(action="ann-on"))])
    if ctx.event.ref.channel == TELEGRAM and TRANSFER in in_force:
        rows.append([Button(t("Withdraw the transfer abroad (Telegram)"), MY_DATA.build(action="transfer-off"))])
    rows.append([Button(t("🗑 Withdraw consent and delete"), MY_DATA.build(action="forget"))])
    return rows


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
    if action == "export":
        return [await _export(ctx)]
    if action in ("phone", "phone-del", "ann-on", "ann-off"):
        return await _change(event, ctx, action)
    if action in ("transfer-off", "transfer-yes"):
        return await _transfer(ctx, action)
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


async def _change(event: ButtonPressed, ctx: Context, action: str) -> list[Reply]:
    t = ctx.t
    if action == "phone":
        ctx.go(State.FIX_PHONE)
        return [Reply(t("Please type your new mobile number, like 0912 345 678 (or share it with the button)."),
                      keyboard=Keyboard.REQUEST_CONTACT, keyboard_labels=(t("📱 Share my phone number"),))]
    if action == "phone-del":
        ctx.person.phone = None
        return [Reply(t("Your phone number has been deleted."), edit=True)]
    wanted = action == "ann-on"
    await set_announcements(ctx, wanted, evidence(event.ref.channel, event.ref.chat_id, event.message_id,
                                                  event.update_id))
    text = (t("Session announcements and reminders are on.") if wanted else
            t("Session announcements and reminders are off; your other agreements are unchanged."))
    return [Reply(text, edit=True)]


async def _transfer(ctx: Context, action: str) -> list[Reply]:
    """Withdrawing the transfer abroad unlinks this person's Telegram chats; nothing else they agreed to changes."""
    t = ctx.t
    if action == "transfer-off":
        buttons = [[Button(t("Yes, withdraw"), MY_DATA.build(action="transfer-yes"))],
                   [Button(t("No, keep it"), MY_DATA.build(action="keep"))]]
        return [ctx.reply(t("Without the transfer abroad, the assistant can no longer talk with you on Telegram: your "
                            "Telegram chats are unlinked. Your questions are still handled, and you can follow them "
                            "on Zalo (if linked) or at the commune office. Continue?"), buttons)]
    await ctx.repo.withdraw_consent(ctx.person.id, TRANSFER, ctx.now)
    await ctx.repo.unlink_accounts(ctx.person.id, TELEGRAM)
    ctx.account.person_id, ctx.person = None, None
    ctx.go(IDLE)
    return [Reply(t("Done. The transfer abroad is withdrawn and this Telegram chat is no longer linked to you."),
                  keyboard=Keyboard.REMOVE)]


async def _export(ctx: Context) -> Reply:
    data = await ctx.repo.personal_data(ctx.person.id)
    content = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    name = f"du-lieu-ca-nhan-{ctx.now.strftime('%Y%m%d')}.json"
    return Reply(ctx.t("Everything the commune keeps about you, as a file."),
                 attachment=Attachment("document", "", name, "application/json", content=content))


async def name_corrected(event: TextMessage, ctx: Context) -> list[Reply]:
    ctx.person.full_name = checked_name(event.text, ctx.t)
    ctx.go(IDLE)
    return [main_menu_reply(ctx, ctx.t("Your name is now {name}.").format(name=ctx.person.full_name))]


async def phone_corrected(event: TextMessage, ctx: Context) -> list[Reply]:
    phone = parse_phone(event.text)
    if phone is None:
        raise InvalidInput(ctx.t("That does not look like a mobile number. Please type it like 0912 345 678."))
    ctx.person.phone = phone
    ctx.go(IDLE)
    return [main_menu_reply(ctx, ctx.t("Your phone number is now {phone}.").format(phone=phone))]
