"""How a session reads: state names, its card for staff, the announcement text and the village head's card."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from handlers.commune.kinds import kind_word
from handlers.conversation.i18n import VIETNAM, Translator
from handlers.sessions.rules import SessionAction, SessionState, audience_of, chaired_by

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


def chair_name(code: str, t: Translator, unit: str) -> str:
    """Who chairs: "Chủ tịch UBND xã" (the default), "Bí thư Đảng ủy xã", "Phó Chủ tịch UBND xã"."""
    return {"party_secretary": t("the Party secretary of the {unit}"),
            "vice_chair": t("the vice-chairperson of the {unit} People's Committee")}.get(
        code, t("the chairperson of the {unit} People's Committee")).format(unit=unit)


def audience_name(code: str, t: Translator) -> str:
    return {"youth": t("young people"), "women": t("women"), "business": t("businesses"), "farmers": t("farmers"),
            "elderly": t("the elderly")}.get(code, t("the people"))


def title_of(session: Any, t: Translator, commune_kind: str) -> str:
    """A sentence, as a People's Committee writes it: "Hội nghị đối thoại định kỳ giữa Chủ tịch UBND xã với Nhân
    dân", with "về {theme}" only when there is a theme; "UBND phường" in a ward (commune_kind, as stored); who
    chairs it and whom it is for, when not the chairperson and all the people."""
    unit = kind_word(commune_kind)
    if chaired_by(session) != "chair" or audience_of(session) != "all":
        leader, people = chair_name(chaired_by(session), t, unit), audience_name(audience_of(session), t)
        title = (t("Extraordinary dialogue session between {leader} and {audience}") if session.kind == "extraordinary"
                 else t("Periodic dialogue session between {leader} and {audience}")).format(leader=leader,
                                                                                                audience=people)
    elif session.kind == "extraordinary":
        title = t("Extraordinary dialogue session between the chairperson of the {unit} People's Committee and the "
                  "people").format(unit=unit)
    else:
        title = t("Periodic dialogue session between the chairperson of the {unit} People's Committee and the "
                  "people").format(unit=unit)
    if not session.theme or session.theme == "general":
        return title
    theme = theme_name(session.theme, t)
    if session.theme in THEMES:  # a named theme reads mid-sentence; a typed one stays as typed
        theme = theme[:1].lower() + theme[1:]
    return t("{title} on {theme}").format(title=title, theme=theme)


def leading_lines(session: Any, t: Translator) -> list[str]:
    """The card's and the announcement's "Chaired by" and "For" lines."""
    leader = chair_name(chaired_by(session), t, kind_word(t.kind))
    return [t("Chaired by: {leader}").format(leader=leader[:1].upper() + leader[1:]),
            t("For: {audience}").format(audience=audience_name(audience_of(session), t))]


def committee(commune: Any, t: Translator) -> str:
    """"Ủy ban nhân dân xã Thiện Tân": the People's Committee of a commune row, by its kind."""
    return t("People's Committee of {unit} {name}").format(unit=kind_word(commune.kind), name=commune.name)


def place_of(session: Any, t: Translator) -> str:
    return t("Online, in this chat") if session.online else session.venue


def intake_until(closes: datetime | None, t: Translator) -> str:
    """The last moment questions are taken: "the end of 23/01/2027" when intake closes at midnight, else the
    time itself."""
    if closes is None:
        return "—"
    local = closes.astimezone(VIETNAM)
    if local.hour == local.minute == 0:
        return t("the end of {date}").format(date=t.date((local - timedelta(days=1)).date()))
    if (local.hour, local.minute) == (23, 59):  # a day typed by staff: its last moment
        return t("the end of {date}").format(date=t.date(local.date()))
    return t.datetime(closes)


def villages_line(session: Any, names: list[str], t: Translator) -> str:
    return t("all villages") if session.all_villages else ", ".join(names)


def card(session: Any, names: list[str], t: Translator) -> str:
    lines = [title_of(session, t, t.kind),  # the translator of the session's commune
             t("State: {state}").format(state=state_name(session.state, t)),
             t("When: {when}").format(when=t.moment(session.starts_at)),
             t("Where: {place}").format(place=place_of(session, t)),
             t("Villages: {names}").format(names=villages_line(session, names, t)),
             t("Questions until: {when}").format(when=intake_until(session.intake_closes_at, t)),
             t("Co-organisers: {names}").format(names=co_organiser_names(session.co_organisers, t)),
             *leading_lines(session, t)]
    if session.lead_override_reason:
        lines.append(t("Short notice, reason recorded: {reason}").format(reason=session.lead_override_reason))
    return "\n".join(lines)


def announcement(session: Any, commune: Any, names: list[str], bot_username: str, t: Translator) -> str:
    """The announcement a resident or a village group reads, in the People's Committee's words."""
    return "\n".join([
        t("📣 The {committee} announces the {title}.").format(committee=committee(commune, t),
                                                             title=title_of(session, t, commune.kind)),
        t("When: {when}").format(when=t.moment(session.starts_at)),
        _where(session, t),
        invited_line(session, names, t),
        t("Please send your questions no later than {until} (write /ask to @{bot}).").format(
            until=intake_until(session.intake_closes_at, t), bot=bot_username)])


def invited_line(session: Any, names: list[str], t: Translator) -> str:
    """Whom the session is for: the people of its villages, or one group of them (youth, women, businesses…)."""
    if audience_of(session) == "all":
        return t("Invited: the people of {names}").format(names=villages_line(session, names, t))
    return t("Invited: {audience} in {names}").format(audience=audience_name(audience_of(session), t),
                                                     names=villages_line(session, names, t))


def head_card(session: Any, commune: Any, village: str, link: str, t: Translator) -> str:
    return "\n".join([
        t("Please forward this to the village group and post it on the notice board."),
        "",
        t("📣 {commune} invites the people of {village} to the {title}.").format(
            commune=committee(commune, t), village=village, title=title_of(session, t, commune.kind)),
        t("When: {when}").format(when=t.moment(session.starts_at)),
        _where(session, t),
        t("How to ask: open {link} (or scan the QR code) and type your question, no later than {until}.").format(
            link=link, until=intake_until(session.intake_closes_at, t))])


def _where(session: Any, t: Translator) -> str:
    if session.online:
        return t("Form: online, in this chat")
    return t("Where: {place}").format(place=session.venue)


def progress(counts: dict[str, int], total: int, t: Translator) -> str:
    """The staffer's broadcast progress line; the final one has the counts."""
    done = sum(counts.get(s, 0) for s in ("sent", "unreachable", "failed"))
    if done < total:
        return t("Sent {done}/{total} …").format(done=done, total=total)
    return t("Announcement finished: {sent} delivered, {unreachable} unreachable (blocked the bot), "
             "{failed} failed, of {total}.").format(sent=counts.get("sent", 0), total=total,
                                                    unreachable=counts.get("unreachable", 0),
                                                    failed=counts.get("failed", 0))
