"""Words of invitations and attendance: the list's counts for staff, the chat invitation, and the Vietnamese lines
the documents carry (the annex of the GIẤY MỜI, who came in the minutes). Pure."""
from __future__ import annotations

from typing import Any

from handlers.commune.kinds import UnitWords
from handlers.conversation.i18n import N_, Translator
from handlers.invitations.rules import Category, counts

LABELS = {Category.VILLAGE_HEAD: N_("Village heads"), Category.ORGANISATION: N_("Organisations"),
          Category.ASKER: N_("Residents who asked"), Category.HOUSEHOLD: N_("Household representatives"),
          Category.GUEST: N_("Other guests"), Category.WALK_IN: N_("Walk-ins")}


def category_words(category: str, words: UnitWords) -> str:
    """The category as a document names it."""
    return {Category.VILLAGE_HEAD: words.heads[:1].upper() + words.heads[1:],
            Category.ORGANISATION: "Đại diện các cơ quan, tổ chức",
            Category.ASKER: "Công dân có ý kiến, kiến nghị",
            Category.HOUSEHOLD: "Đại diện các hộ gia đình",
            Category.GUEST: "Khách mời khác",
            Category.WALK_IN: "Công dân đến dự không theo giấy mời"}[Category(category)]


def who(row: Any, names: dict[int, str], villages: dict[int, str]) -> str:
    """"Hoàng Văn Nam (Thôn Lân Luông)", "Ủy ban MTTQ Việt Nam xã", "Nguyễn Hùng, Giám đốc HTX"."""
    name = row.name or names.get(row.person_id or 0, "")
    detail = row.title or villages.get(row.village_id or 0, "")
    if name and detail:
        return f"{name} ({detail})" if row.village_id and not row.title else f"{name}, {detail}"
    return name or detail or "—"


def count_lines(rows: list[Any], t: Translator) -> list[str]:
    return [f"{t(LABELS[Category(c)])}: {n}" for c, n in counts(rows).items()]


def list_text(session_title: str, rows: list[Any], walk_ins: int, t: Translator) -> str:
    lines = [t("Invitation list — {title}").format(title=session_title)]
    lines += count_lines(rows, t) or [t("Nobody is on the list yet.")]
    lines.append(t("Total: {n}").format(n=len(rows)))
    came = sum(1 for r in rows if r.checked_in_at)
    sent = sum(1 for r in rows if r.sent_at)
    lines.append(t("Invitations sent in chat: {sent}. Checked in: {came}. Walk-ins counted: {walk}.")
                 .format(sent=sent, came=came, walk=walk_ins))
    return "\n".join(lines)


def invitation_message(commune: str, title: str, when: str, venue: str, qr: bool, t: Translator) -> str:
    """The chat invitation; with a QR code (Telegram) the staff scan it, else they tick the name at the desk."""
    text = t("Invitation: the People's Committee of {commune} invites you to attend the {title}.\nTime: {when}\n"
             "Place: {venue}").format(commune=commune, title=title, when=when, venue=venue)
    return text + "\n" + (t("Please keep this message: at the venue the staff scan your QR code to check you in.")
                          if qr else t("At the venue, please give your name at the desk to check in."))


def annex_lines(rows: list[Any], names: dict[int, str], villages: dict[int, str], words: UnitWords
                ) -> list[tuple[str, list[str]]]:
    """(category heading, numbered delegates) for the GIẤY MỜI's annex, in the categories' order."""
    return _grouped([r for r in rows if r.category != Category.WALK_IN], names, villages, words)


def attendance_lines(rows: list[Any], names: dict[int, str], villages: dict[int, str], words: UnitWords,
                     walk_ins: int) -> list[str]:
    """Who came, by category, for the minutes: only those checked in; anonymous walk-ins only as a number."""
    came = [r for r in rows if r.checked_in_at]
    if not came and not walk_ins:
        return []
    lines = [f"Đại biểu có mặt theo danh sách điểm danh: {len(came)} người."]
    for heading, people in _grouped(came, names, villages, words):
        lines.append(f"{heading} ({len(people)}): " + "; ".join(p.split(". ", 1)[1] for p in people) + ".")
    if walk_ins:
        lines.append(f"Công dân đến dự khác (không ghi tên): {walk_ins} người.")
    return lines


def _grouped(rows: list[Any], names: dict[int, str], villages: dict[int, str], words: UnitWords
             ) -> list[tuple[str, list[str]]]:
    groups = []
    for category in Category:
        members = [r for r in rows if r.category == category]
        if members:
            groups.append((category_words(category, words),
                           [f"{i}. {who(r, names, villages)}" for i, r in enumerate(members, start=1)]))
    return groups
