"""The page's own words, from the same gettext catalogs as the bot's (locales/vi, locales/en)."""
from __future__ import annotations

from bot.sandbox.personas import Persona
from handlers.conversation.i18n import Translator, translator
from handlers.people.views import role_label

ROLES = ("resident", "village_head", "secretary", "chair", "officer", "front", "council", "party", "support",
         "province")


def page_strings(language: str) -> dict[str, str]:
    t = translator(language)
    strings = {
        "language": t.language,
        "page_title": t("Đối thoại: try it offline"),
        "intro": t("Pick a person and chat with the real bot, as they would on their phone. Nothing leaves "
                   "this computer."),
        "people": t("People"),
        "switch_persona": t("Switch person"),
        "new_persona": t("New person"),
        "name": t("Full name"),
        "role": t("Role"),
        "village": t("Village"),
        "department": t("Department"),
        "create": t("Create and open the chat"),
        "bot_title": t("Commune dialogue assistant"),
        "bot_subtitle": t("bot"),
        "bot_tab": t("Assistant"),
        "group_tab": t("Group: {village}"),
        "group_subtitle": t("village group"),
        "chats": t("Chats"),
        "message_placeholder": t("Type a message…"),
        "send": t("Send"),
        "send_photo": t("Send a photo"),
        "commands": t("Menu"),
        "start": t("Start"),
        "empty_chat": t("No messages yet. Press “Start” to talk to the bot."),
        "empty_group": t("No messages in this group yet."),
        "shared_contact": t("Shared phone number: {phone}"),
        "photo": t("Photo"),
        "edited": t("edited"),
        "error": t("Something went wrong. Please try again."),
        "close": t("Close"),
        "clock_day": t("+1 day"),
        "clock_week": t("+1 week"),
        "clock_now": t("Assistant's clock: {time}"),
    }
    strings.update({f"role_{role}": persona_role_label(role, t) for role in ROLES})
    return strings


def persona_role_label(role: str, t: Translator) -> str:
    return t("Resident") if role == "resident" else role_label(role, t)


def persona_json(persona: Persona, language: str) -> dict:
    t = translator(language)
    roles = persona.roles or ["resident"]
    return {"id": persona.user_id, "name": persona.name, "village": persona.village,
            "department": persona.department, "roles": [persona_role_label(r, t) for r in roles],
            "role": roles[0]}
