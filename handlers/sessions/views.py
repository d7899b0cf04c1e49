"""How a session reads: state names, its card for staff, the announcement text and the village head's card."""
from __future__ import annotations

from typing import Any

from handlers.conversation.i18n import Translator
from handlers.sessions.rules import SessionAction, SessionState

THEMES = ("general", "admin_reform")


def state_name(state: str, t: Translator) -> str:
    return {SessionState.DRAFT: t("Draft"), SessionState.ANNOUNCED: t("Announced, taking questions"),
            SessionState.INTAKE_CLOSED: t("Announced, questions closed"), SessionState.IN_PROGRESS: t("In progress"),
            SessionState.CONCLUDED: t("Concluded"), SessionState.CLOSED: t("Closed")}.get(state, state)


def action_name(action: str, t: Translator) -> str:
    return {SessionAction.CLOSE_INTAKE: t("Close questions"), SessionAction.START: t("Start the session"),
            SessionAction.CONCLUDE: t("Conclude"), SessionAction.CLOSE: t("Close")}.get(action, action)


def kind_name(kind: str, t: Translator) -> str:
    return t("Extraordinary") if kind == "extraordinary" else t("Periodic")


def theme_name(theme: str, t: Translator) -> str:
    return {"general": t("General"),
            "admin_reform": t("Administrative reform and the attitude of civil servants")}.get(theme, theme)


def co_organiser_names(codes: str, t: Translator) -> str:
    names = {"front": t("Fatherland Front"), "council": t("People's Council representative")}
    return ", ".join(names.get(code, code) for code in codes.split(",") if code) or t("none")


def title_of(session: Any, t: Translator) -> str:
    return t("{kind} dialogue session: {theme}").format(kind=kind_name(session.kind, t),
                                                        theme=theme_name(session.theme or "general", t))


def place_of(session: Any, t: Translator) -> str:
    return t("Online, in this chat") if session.online else session.venue


def villages_line(session: Any, names: list[str], t: Translator) -> str:
    return t("all villages") if session.all_villages else ", ".join(names)


def card(session: Any, names: list[str], t: Translator) -> str:
    lines = [title_of(session, t),
             t("State: {state}").format(state=state_name(session.state, t)),
             t("When: {when}").format(when=t.moment(session.starts_at)),
             t("Where: {place}").format(place=place_of(session, t)),
             t("Villages: {names}").format(names=villages_line(session, names, t)),
             t("Questions until: {when}").format(when=t.datetime(session.intake_closes_at) or "—"),
             t("Co-organisers: {names}").format(names=co_organiser_names(session.co_organisers, t))]
    if session.lead_override_reason:
        lines.append(t("Short notice, reason recorded: {reason}").format(reason=session.lead_override_reason))
    return "\n".join(lines)


def announcement(session: Any, commune: str, names: list[str], bot_username: str, t: Translator) -> str:
    return "\n".join([
        t("📣 {commune}: {title}").format(commune=commune, title=title_of(session, t)),
        t("When: {when}").format(when=t.moment(session.starts_at)),
        t("Where: {place}").format(place=place_of(session, t)),
        t("For: {names}").format(names=villages_line(session, names, t)),
        t("Send your questions before {when}: write /ask to @{bot}.").format(
            when=t.datetime(session.intake_closes_at), bot=bot_username)])


def head_card(session: Any, commune: str, village: str, link: str, t: Translator) -> str:
    return "\n".join([
        t("Please forward this to the village group and post it on the notice board."),
        "",
        t("📣 {commune} invites the people of {village} to a {title}.").format(
            commune=commune, village=village, title=title_of(session, t).lower()),
        t("When: {when}").format(when=t.moment(session.starts_at)),
        t("Where: {place}").format(place=place_of(session, t)),
        t("How to ask: open {link} (or scan the QR code) and type your question, before {when}.").format(
            link=link, when=t.datetime(session.intake_closes_at))])


def progress(counts: dict[str, int], total: int, t: Translator) -> str:
    """The staffer's broadcast progress line; the final one has the counts."""
    done = sum(counts.get(s, 0) for s in ("sent", "unreachable", "failed"))
    if done < total:
        return t("Sent {done}/{total} …").format(done=done, total=total)
    return t("Announcement finished: {sent} delivered, {unreachable} unreachable (blocked the bot), "
             "{failed} failed, of {total}.").format(sent=counts.get("sent", 0), total=total,
                                                    unreachable=counts.get("unreachable", 0),
                                                    failed=counts.get("failed", 0))
