"""How people's roles read, and the words of consent per purpose (Law 91/2025/QH15): the notice's three-line summary
and its details, and the question for each purpose (other features ask theirs at the moment it is used). Pure."""
from __future__ import annotations

from typing import Any, Sequence

from handlers.commune.kinds import kind_word
from handlers.conversation.channels import servers_line
from handlers.conversation.i18n import Translator
from handlers.people.rules import ANNOUNCEMENTS, DIALOGUE, LINK, PETITION, SPEAKING, TRANSFER


def role_label(role: str, t: Translator) -> str:
    return {"chair": t("Chairperson"), "vice_chair": t("Vice-chairperson"), "secretary": t("Secretary"), "officer": t("Department officer"),
            "village_head": t("Village head"), "admin": t("Administrator"),
            "front": t("Fatherland Front"), "council": t("People's Council"), "party": t("Party committee"),
            "support": t("Support team"), "province": t("Provincial officer")}.get(role, role)


def controller(communes: Sequence[Any], t: Translator, with_address: bool = True) -> str:
    """The People's Committee(s) this assistant serves, each with its address when the commune has set one."""
    if not communes:
        return t("the People's Committee of the commune you choose")
    names = []
    for c in communes[:3]:
        name = t("the People's Committee of {kind} {name}").format(kind=kind_word(c.kind), name=c.name)
        shown = with_address and c.address
        names.append(t("{name} (address: {address})").format(name=name, address=c.address) if shown else name)
    return "; ".join(names) + ("; …" if len(communes) > 3 else "")


def notice_summary(communes: Sequence[Any], t: Translator) -> str:
    """Three lines first (VOICE.md: one phone screen); the details, with the address, are behind a button."""
    who = controller(communes, t, with_address=False)
    return "\n".join([
        t("1. {controller} keeps your name, village, phone number (if given) and what you send, to handle your "
          "questions.").format(controller=who[:1].upper() + who[1:]),
        t("2. Only the officers handling them see them; other residents never see your name or phone number."),
        t("3. If you do not agree, nothing is kept; you can still ask in person at the commune office."),
        t("Do you agree?"),
    ])


def notice_details(communes: Sequence[Any], channel: str, t: Translator) -> str:
    return "\n".join([
        t("Who is responsible (controller): {controller}.").format(controller=controller(communes, t)),
        t("What is kept: your full name, commune and village, your phone number if you choose to give it, and the "
          "questions, photos and documents you send."),
        t("Why: to receive your questions for the dialogue sessions between the commune chairperson and the people, "
          "pass them to the officers responsible and tell you the answers."),
        t("Who receives them: the commune's departments that handle your question; your village head, when a "
          "question is entered for you in person; a higher body, when your question is forwarded to it. Other "
          "residents may read the text of your question (never your name) when they support it or in an online "
          "session."),
        t("How long: your name and phone number until you withdraw; your questions as long as the commune must keep "
          "its records, without your name once you withdraw."),
        t("Please do not send photos of your ID card, health records or other sensitive papers unless your question "
          "needs them."),
        servers_line(channel, t),
        t("Your rights: see, correct, export or delete your information, and withdraw any agreement, at any time "
          "with /mydata or at the commune office. You may complain to the People's Committee, or to the personal "
          "data protection authority of the Ministry of Public Security."),
        t("If you do not agree, nothing is kept about you, and you can still ask in person at the commune office."),
    ])


def transfer_question(t: Translator) -> str:
    return t("This chat runs on Telegram, whose servers are outside Vietnam: what you send here is transferred "
             "abroad. Do you agree to this transfer? If not, nothing is kept, and you can ask in person at the "
             "commune office.")


def announcements_question(t: Translator) -> str:
    return t("Would you like to be told when a dialogue session is planned for your village, and reminded before "
             "it? This is optional; you can change it at any time with /mydata.")


def purpose_label(purpose: str, t: Translator) -> str:
    return {DIALOGUE: t("Handling your questions"), TRANSFER: t("Transfer abroad (Telegram)"),
            ANNOUNCEMENTS: t("Session announcements and reminders"), PETITION: t("Your name on requests you sign"),
            SPEAKING: t("Your name called at a session where you speak"),
            LINK: t("Your Telegram and Zalo accounts linked")}.get(purpose, purpose)


def petition_notice(t: Translator) -> str:
    return t("Signing puts your full name and village on the request, which the People's Committee counts and keeps "
             "with the session's records. Do you agree?")


def speaking_notice(t: Translator) -> str:
    return t("At the session your full name is called out when it is your turn, and it is written in the minutes. "
             "Do you agree?")


def link_notice(t: Translator) -> str:
    return t("Linking joins your Telegram and Zalo accounts: the People's Committee then knows both are yours, and "
             "answers may reach you on either. You can undo this with /mydata.")
