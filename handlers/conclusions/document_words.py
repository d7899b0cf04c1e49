"""The words of the official documents (always Vietnamese, in the administrative style of the commune plans):
titles, each question's outcome line, the signature block and "Nơi nhận". Pure."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from handlers.commune.kinds import UnitWords, home_affairs
from handlers.conversation.i18n import VIETNAM
from handlers.questions.rules import TicketState

THEMES = {"admin_reform": "cải cách hành chính, tinh thần, thái độ phục vụ của cán bộ, công chức"}
CO_ORGANISERS = {"front": "Ủy ban Mặt trận Tổ quốc Việt Nam {unit}", "council": "Thường trực Hội đồng nhân dân {unit}"}
AUDIENCES = {"youth": "thanh niên", "women": "phụ nữ", "business": "doanh nghiệp", "farmers": "nông dân",
             "elderly": "người cao tuổi"}  # whom a session is for (sessions/rules.AUDIENCES); else "Nhân dân"
SIGNATURES = ("tm", "tl")  # the values of the policy document.notice_signature


@dataclass(frozen=True)
class Signature:
    """A signature block per Decree 30/2020 Art. 13: the authority lines, then the signer's name."""
    titles: tuple[str, ...]
    name: str


def day_of(value: datetime | date) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(VIETNAM).date()
    return value.strftime("%d/%m/%Y")


def clock_of(value: datetime) -> str:
    """"08 giờ 05" in Vietnam time."""
    local = value.astimezone(VIETNAM)
    return f"{local:%H} giờ {local:%M}"


def theme_phrase(theme: str | None) -> str:
    """" về cải cách hành chính, …" when the session has a theme; nothing for a general session."""
    words = THEMES.get(theme or "")
    return f" về {words}" if words else ""


def leader(session: Any, words: UnitWords) -> str:
    """Who chairs the session: "Chủ tịch UBND xã" by default, "Bí thư Đảng ủy xã" (seed 001) or "Phó Chủ tịch UBND
    xã"."""
    chair = getattr(session, "chaired_by", "") or "chair"
    if chair == "party_secretary":
        return f"Bí thư Đảng ủy {words.unit}"
    return f"Phó {words.chair}" if chair == "vice_chair" else words.chair


def audience(session: Any) -> str:
    return AUDIENCES.get(getattr(session, "audience", "") or "", "Nhân dân")


def session_name(session: Any, words: UnitWords) -> str:
    """"Hội nghị đối thoại định kỳ giữa Chủ tịch UBND xã với Nhân dân" (+ its theme), as a sentence, never a
    database value; "giữa Bí thư Đảng ủy xã với thanh niên" for a session the Party secretary chairs for a group."""
    kind = "đột xuất" if session.kind == "extraordinary" else "định kỳ"
    return f"Hội nghị đối thoại {kind} giữa {leader(session, words)} với {audience(session)}{theme_phrase(session.theme)}"


def notice_summary(session: Any, words: UnitWords, held_on: datetime) -> str:
    """The bold line under THÔNG BÁO: "Ý kiến kết luận của Chủ tịch UBND xã tại Hội nghị đối thoại với Nhân dân
    ngày 26/11/2026" — with whoever chaired it and whom it was for."""
    return (f"Ý kiến kết luận của {leader(session, words)} tại Hội nghị đối thoại với {audience(session)}"
            f"{theme_phrase(session.theme)} ngày {day_of(held_on)}")


def where_held(session: Any) -> str:
    """", tại Hội trường xã" in person; an online session is held "trực tuyến", never "tại Trực tuyến"."""
    return " theo hình thức trực tuyến" if session.online else (f", tại {session.venue}" if session.venue else "")


def co_organised(session: Any, words: UnitWords) -> str:
    names = [CO_ORGANISERS[c].format(unit=words.unit) for c in session.co_organisers.split(",") if c in CO_ORGANISERS]
    return f", phối hợp với {' và '.join(names)}" if names else ""


def outcome_line(question: Any, where: str, department: str, merged_code: str) -> str:
    """One question's outcome in the words of a conclusion notice, without the asker's identity."""
    head = f"Ý kiến, kiến nghị {question.code} ({where})" if where else f"Ý kiến, kiến nghị {question.code}"
    state = TicketState(question.state)
    if state in (TicketState.ASSIGNED, TicketState.REOPENED):
        body = department or "bộ phận chuyên môn"
        tail = f" chậm nhất ngày {day_of(question.due_on)}" if question.due_on else ""
        return f"{head}: Giao {body} trả lời bằng văn bản cho công dân{tail}."
    if state == TicketState.ANSWERED:
        return f"{head}: Đã trả lời tại Hội nghị" + (f": {_sentence(question.answer)}" if question.answer else ".")
    if state == TicketState.FORWARDED:
        body = question.forwarded_to or "cơ quan có thẩm quyền"
        return f"{head}: Chuyển {body} xem xét, giải quyết theo thẩm quyền."
    if state == TicketState.DECLINED:
        reason = f" Lý do: {_sentence(question.decline_reason)}" if question.decline_reason else ""
        return f"{head}: Không thuộc nội dung giải quyết tại Hội nghị.{reason}"
    if state == TicketState.MERGED:
        target = f" {merged_code}" if merged_code else ""
        return f"{head}: Trùng nội dung với ý kiến, kiến nghị{target}, được giải quyết cùng ý kiến, kiến nghị đó."
    return f"{head}: Đang xem xét."


def signature(signer: str, name: str) -> Signature:
    """The notice's block: "chair" signs TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH; "vice_chair" (when the chair delegated)
    TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH; "office" TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG."""
    titles = {"chair": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
              "vice_chair": ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
              "office": ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")}[signer]
    return Signature(titles, name)


def notice_recipients(words: UnitWords, province: str, departments: list[str]) -> list[str]:
    """"Nơi nhận" of the conclusion notice ("- Lưu: VT." is added last by the document)."""
    lines = [f"{home_affairs(province)} (để báo cáo);", f"Thường trực Đảng ủy {words.unit};",
             f"Thường trực HĐND {words.unit};", f"Chủ tịch, các Phó Chủ tịch {words.committee_short};",
             f"Ủy ban MTTQ Việt Nam {words.unit};"]
    lines += [f"{name};" for name in departments] or ["Các phòng, bộ phận chuyên môn;"]
    lines += [f"{words.heads[:1].upper()}{words.heads[1:]};", "Công dân có ý kiến, kiến nghị;",
              f"Cổng thông tin điện tử {words.unit};"]
    return lines


def _sentence(text: str) -> str:
    flat = " ".join(text.split())
    return flat if flat.endswith((".", "!", "?", "…")) else f"{flat}."
