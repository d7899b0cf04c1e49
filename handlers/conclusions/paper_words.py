"""The words of the documents issued besides the conclusion notice (always Vietnamese, administrative style): the
BÁO CÁO kết quả, the year's KẾ HOẠCH and the official letter of a written answer. Pure."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from handlers.commune.kinds import UnitWords, home_affairs
from handlers.conclusions.document_words import day_of
from handlers.questions.rules import LETTER_DOCUMENT, LETTER_SIGN, WRITTEN_ANSWER_STATES, TicketState

REPORT, PLAN, LETTER = "BC", "KH", LETTER_DOCUMENT
CODES = {REPORT: "BC-UBND", PLAN: "KH-UBND", LETTER: LETTER_SIGN}  # ký hiệu: the type, then the issuing body
FILES = {REPORT: "bao-cao-ket-qua", PLAN: "ke-hoach", LETTER: "van-ban-tra-loi"}
LETTER_SUBJECT = "trả lời câu hỏi của công dân"


def number_label(kind: str, number: int) -> str:
    """"05/BC-UBND": two digits at least, then the type and the issuing body."""
    return f"{number:02d}/{CODES[kind]}"


def file_name(kind: str, subject_id: int, draft: bool) -> str:
    return f"{'du-thao-' if draft else ''}{FILES[kind]}-{subject_id}.docx"


@dataclass(frozen=True)
class Tally:
    """A session's questions counted the way the report states them."""
    total: int
    by_topic: list[tuple[str, int]]
    by_village: list[tuple[str, int]]
    at_meeting: int
    in_writing: int
    forwarded: int
    declined: int
    merged: int
    pending: int


def in_writing(question: Any) -> bool:
    """Given to a department to answer in writing: still owed, or answered after being assigned (a due date)."""
    state = TicketState(question.state)
    return state in WRITTEN_ANSWER_STATES or (state == TicketState.ANSWERED and question.due_on is not None)


def tally(questions: list[Any], topic_of: Any, village_of: Any) -> Tally:
    """Counts by topic and village (largest first, then by name), and by outcome."""
    states = Counter(TicketState(q.state) for q in questions)
    written = sum(1 for q in questions if in_writing(q))

    def ranked(counter: Counter) -> list[tuple[str, int]]:
        return sorted(counter.items(), key=lambda item: (-item[1], item[0]))

    at_meeting = sum(1 for q in questions if q.state == TicketState.ANSWERED and not in_writing(q))
    return Tally(len(questions), ranked(Counter(topic_of(q) for q in questions)),
                 ranked(Counter(village_of(q) for q in questions)), at_meeting, written,
                 states[TicketState.FORWARDED], states[TicketState.DECLINED], states[TicketState.MERGED],
                 states[TicketState.NEW])


def tally_lines(counts: Tally, words: UnitWords) -> list[str]:
    lines = [f"Tổng số ý kiến, kiến nghị nhận được: {counts.total}."]
    if counts.total:
        lines.append("Theo lĩnh vực: " + "; ".join(f"{name}: {n}" for name, n in counts.by_topic) + ".")
        lines.append(f"Theo {words.village}: " + "; ".join(f"{name}: {n}" for name, n in counts.by_village) + ".")
        lines.append(f"Kết quả: trả lời trực tiếp tại Hội nghị: {counts.at_meeting}; giao trả lời bằng văn bản: "
                     f"{counts.in_writing}; chuyển cơ quan có thẩm quyền: {counts.forwarded}; không thuộc nội dung "
                     f"giải quyết tại Hội nghị: {counts.declined}; trùng nội dung, giải quyết chung: {counts.merged}"
                     + (f"; đang xem xét: {counts.pending}." if counts.pending else "."))
    return lines


def follow_up_line(code: str, where: str, department: str, due: Any, done: Any, flag: bool | None) -> str:
    """One written answer's follow-up: done on time or late, or still owed (overdue when past its due date)."""
    head = f"{code} ({where})" if where else code
    body = department or "bộ phận chuyên môn"
    limit = f", hạn {day_of(due)}" if due else ""
    if done is not None:
        timing = "" if flag is None else (", đúng hạn" if flag else ", quá hạn")
        return f"{head} – {body}{limit}: đã trả lời ngày {day_of(done)}{timing}."
    return f"{head} – {body}{limit}: chưa trả lời" + (", đã quá hạn." if flag is False else ", trong hạn.")


def follow_up_totals(flags: list[tuple[bool, bool | None]]) -> str:
    """(answered, on time) per written answer: how many done (on time, late), how many owed (overdue)."""
    done = [flag for answered, flag in flags if answered]
    owed = [flag for answered, flag in flags if not answered]
    return (f"Số ý kiến, kiến nghị giao trả lời bằng văn bản: {len(flags)}; đã trả lời: {len(done)} (đúng hạn: "
            f"{sum(1 for f in done if f)}, quá hạn: {sum(1 for f in done if f is False)}); chưa trả lời: {len(owed)} "
            f"(quá hạn: {sum(1 for f in owed if f is False)}).")


def report_addressees(words: UnitWords, commune: str, province: str) -> list[str]:
    """"Kính gửi" of the BÁO CÁO kết quả: the province's Department of Home Affairs, the Party committee and the
    People's Council of the commune."""
    return [home_affairs(province), f"Đảng ủy {words.unit} {commune}", f"Hội đồng nhân dân {words.unit} {commune}"]


def report_recipients(words: UnitWords) -> list[str]:
    return ["Như trên;", f"Chủ tịch, các Phó Chủ tịch {words.committee_short};", f"Ủy ban MTTQ Việt Nam {words.unit};"]


def plan_recipients(words: UnitWords, province: str) -> list[str]:
    return [f"{home_affairs(province)} (để báo cáo);", f"Thường trực Đảng ủy {words.unit};",
            f"Thường trực HĐND {words.unit};", f"Chủ tịch, các Phó Chủ tịch {words.committee_short};",
            f"Ủy ban MTTQ Việt Nam {words.unit};", "Các cơ quan, bộ phận chuyên môn;",
            f"{words.heads[:1].upper()}{words.heads[1:]};", f"Cổng thông tin điện tử {words.unit};"]


def letter_recipients(words: UnitWords, department: str) -> list[str]:
    return ["Như trên;"] + ([f"{department};"] if department else []) + \
        [f"Chủ tịch, các Phó Chủ tịch {words.committee_short};"]


def plan_session_line(kind: str, when: Any, place: str, topic: str, scope: str, chair: str) -> str:
    """"- Hội nghị đối thoại định kỳ: ngày 20/06/2027, tại Hội trường xã; nội dung: …; phạm vi: …; chủ trì: …"."""
    return f"- Hội nghị đối thoại {kind}: ngày {day_of(when)}, {place}; nội dung: {topic}; phạm vi: {scope}; " \
           f"chủ trì: {chair}."


def plan_purpose() -> list[str]:
    """Mục đích, yêu cầu, in the words of the commune plans (seeds 002, 003)."""
    return ["1. Mục đích",
            "- Nắm bắt tâm tư, nguyện vọng, ý kiến, kiến nghị của Nhân dân để kịp thời giải quyết những vấn đề vướng "
            "mắc, bức xúc ở cơ sở; phát huy quyền làm chủ của Nhân dân theo phương châm “dân biết, dân bàn, dân làm, "
            "dân kiểm tra”.",
            "- Nâng cao trách nhiệm, tinh thần, thái độ phục vụ Nhân dân của đội ngũ cán bộ, công chức; tăng cường "
            "mối quan hệ mật thiết giữa chính quyền với Nhân dân.",
            "2. Yêu cầu",
            "- Việc đối thoại bảo đảm dân chủ, công khai, thiết thực, hiệu quả, đúng quy định của pháp luật; tránh "
            "phô trương, hình thức.",
            "- Các ý kiến, kiến nghị của Nhân dân được tiếp nhận, tổng hợp đầy đủ; được trả lời, giải quyết kịp thời "
            "theo thẩm quyền, ngắn gọn, đúng trọng tâm; việc thực hiện kết luận được theo dõi, đôn đốc."]
