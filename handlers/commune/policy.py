"""Per-commune policy values with their legal basis (law name and article); defaults checked against the laws."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

from handlers.commune.deadlines import DeadlinePolicy, Rule
from handlers.commune.workdays import WorkCalendar, calendar_of

# Bases, written as a law's name and article. Where no law sets the value, the basis says it is the commune's own
# choice (its plan for the session); the seed plans differ from each other there, each an example of such a choice.
LAW_LOCAL_GOVERNMENT = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15, Điều 43"
LAW_CITIZEN_RECEPTION = "Luật Tiếp công dân số 42/2013/QH13, Điều 28"
COMMUNE_PLAN = "Kế hoạch tổ chức đối thoại của UBND xã (luật không quy định; xã tự quyết định)"
COMMUNE_CHOICE = "Lựa chọn của UBND xã khi sử dụng Trợ lý (luật không quy định)"

# key → (default value, legal basis). Communes may change values; the basis is shown beside them.
DEFAULTS: dict[str, tuple[str, str]] = {
    "session.lead_days_min": ("7", LAW_LOCAL_GOVERNMENT + ": thông báo ít nhất 7 ngày trước hội nghị"),
    "session.lead_days_warn": ("10", COMMUNE_CHOICE + ": nhắc khi thông báo sát mức tối thiểu 7 ngày của "
                                     + LAW_LOCAL_GOVERNMENT),
    "session.intake_close_days": ("5", COMMUNE_PLAN),
    "reminder.residents_days_before": ("1", COMMUNE_CHOICE),
    "reminder.residents_time": ("08:00", COMMUNE_CHOICE),
    "deadline.conclusion_notice_wd": ("5", COMMUNE_PLAN),
    "deadline.written_answer_wd": ("10", COMMUNE_PLAN),
    "deadline.complex_answer_wd": ("30", COMMUNE_PLAN + "; không quá 30 ngày làm việc, báo người hỏi ngày dự kiến "
                                         "và cơ quan trả lời"),
    "deadline.petition_ack_wd": ("10", LAW_CITIZEN_RECEPTION + ": thông báo việc tiếp nhận, chuyển hoặc không "
                                       "tiếp nhận kiến nghị, phản ánh trong 10 ngày làm việc"),
    "deadline.village_heads_days": ("10", LAW_LOCAL_GOVERNMENT + ": kết quả đối thoại được niêm yết và gửi trưởng "
                                          "thôn, tổ trưởng tổ dân phố trong 10 ngày"),
    "reminder.due_wd_before": ("2", COMMUNE_CHOICE),
}
RULE_KEYS = {Rule.CONCLUSION_NOTICE: "deadline.conclusion_notice_wd",
             Rule.WRITTEN_ANSWER: "deadline.written_answer_wd", Rule.COMPLEX_ANSWER: "deadline.complex_answer_wd",
             Rule.PETITION_ACK: "deadline.petition_ack_wd"}


@dataclass(frozen=True)
class SessionPolicy:
    lead_days_min: int
    lead_days_warn: int
    intake_close_days: int
    remind_days_before: int
    remind_at: time
    intake_window_min_days: int = 2  # session.intake_window_min_days


def session_policy(values: dict[str, str]) -> SessionPolicy:
    """The session rules of one commune from its stored values, defaults filling any gap."""
    def get(key: str) -> str:
        return values.get(key) or DEFAULTS[key][0]

    hour, _, minute = get("reminder.residents_time").partition(":")
    return SessionPolicy(int(get("session.lead_days_min")), int(get("session.lead_days_warn")),
                         int(get("session.intake_close_days")), int(get("reminder.residents_days_before")),
                         time(int(hour), int(minute or 0)), int(get("session.intake_window_min_days")))


async def load_session_policy(repo: Any, commune_id: int) -> SessionPolicy:
    return session_policy(await repo.policy_values(commune_id))


def deadline_policy(values: dict[str, str]) -> DeadlinePolicy:
    """The deadline rules of one commune from its stored values, defaults filling any gap."""
    def get(key: str) -> int:
        return int(values.get(key) or DEFAULTS[key][0])

    return DeadlinePolicy({rule: get(key) for rule, key in RULE_KEYS.items()}, get("deadline.village_heads_days"),
                          get("reminder.due_wd_before"))


async def load_deadlines(repo: Any, commune_id: int) -> tuple[DeadlinePolicy, WorkCalendar]:
    """A commune's deadline policy and its working-day calendar (Vietnam's, with the commune's overrides)."""
    values, days = await repo.policy_and_days(commune_id)  # one round trip
    return deadline_policy(values), calendar_of(days)


# Community features (issue 6): keys added after the session ones.
DEFAULTS.update({
    "similar.min_score": ("80", COMMUNE_CHOICE),
    "speaker.absent_recalls": ("1", COMMUNE_CHOICE),
    "petition.voter_count": ("0", "Danh sách cử tri gần nhất của xã; 0 là chưa ghi, khi đó chưa thể lập đề nghị"),
    "petition.percent": ("10", LAW_LOCAL_GOVERNMENT + ": đối thoại đột xuất khi có ít nhất 10% cử tri đề nghị"),
})


def policy_int(values: dict[str, str], key: str) -> int:
    """An integer policy value of a commune, the default filling any gap."""
    return int(values.get(key) or DEFAULTS[key][0])


async def policy_value(repo: Any, commune_id: int, key: str) -> str:
    """One policy value of a commune, the default filling any gap."""
    return (await repo.policy_values(commune_id)).get(key) or DEFAULTS[key][0]


# Complaints and denunciations (issue 12, t12-complaints): what the reception desk's clocks and the resident's
# messages use. "…_days" are calendar days (the last day moves past a day off), "…_wd" working days.
DEFAULTS.update({
    "complaint.limitation_days": ("90", "Luật Khiếu nại số 02/2011/QH13, Điều 9"),
    "complaint.accept_days": ("10", "Luật Khiếu nại số 02/2011/QH13, Điều 27"),
    "complaint.resolve_days": ("30", "Luật Khiếu nại số 02/2011/QH13, Điều 28"),
    "complaint.resolve_complex_days": ("45", "Luật Khiếu nại số 02/2011/QH13, Điều 28"),
    "complaint.remote_area": ("0", "Luật Khiếu nại số 02/2011/QH13, Điều 28 (1: xã ở vùng sâu, vùng xa đi lại "
                                   "khó khăn)"),
    "complaint.resolve_remote_days": ("45", "Luật Khiếu nại số 02/2011/QH13, Điều 28"),
    "complaint.resolve_remote_complex_days": ("60", "Luật Khiếu nại số 02/2011/QH13, Điều 28"),
    "denunciation.identity_role": ("chair", "Luật Tố cáo số 25/2018/QH14, Điều 47, Điều 48"),
    "denunciation.accept_wd": ("7", "Luật Tố cáo số 25/2018/QH14, Điều 24"),
    "denunciation.forward_wd": ("5", "Luật Tố cáo số 25/2018/QH14, Điều 24"),
    "denunciation.resolve_days": ("30", "Luật Tố cáo số 25/2018/QH14, Điều 30"),
    "denunciation.chair_body": ("Chủ tịch UBND cấp tỉnh", "Luật Tố cáo số 25/2018/QH14, Điều 13"),
})


# Clocks (issue 12): the question window and the periodic sessions.
DEFAULTS.update({
    "session.intake_window_min_days": ("2", COMMUNE_CHOICE + ": cảnh báo khi Nhân dân có ít hơn số ngày này để gửi "
                                            "câu hỏi sau khi thông báo"),
    "session.periodic_per_year": ("1", "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Điều 32; "
                                       + LAW_LOCAL_GOVERNMENT + ": đối thoại định kỳ ít nhất 1 lần mỗi năm"),
    "reminder.periodic_month": ("10", COMMUNE_CHOICE + ": từ tháng này nhắc khi trong năm chưa đủ số hội nghị "
                                      "đối thoại định kỳ"),
})


# Official documents (issue 12, t12-documents).
DEFAULTS.update({
    "document.notice_signature": ("tm", "Nghị định số 30/2020/NĐ-CP, Điều 13: thông báo kết luận ký thay mặt Ủy ban "
                                        "(tm: TM. ỦY BAN NHÂN DÂN, Phó Chủ tịch ký KT. CHỦ TỊCH khi được giao) "
                                        "hoặc ký thừa lệnh (tl: TL. CHỦ TỊCH, Chánh Văn phòng)"),
})


# Reports and plans (issue 14): written answers to residents as numbered official letters.
DEFAULTS.update({
    "answer.written_document": ("0", COMMUNE_PLAN + ": 1 khi các bộ phận được giao thông báo bằng văn bản kết quả "
                                     "giải quyết cho Nhân dân (văn bản trả lời do Chủ tịch ký, vào sổ văn bản); 0 khi "
                                     "trả lời qua tin nhắn"),
})

# Preparing a session (issue 14, preparation): each step's last day before the session. "…_days" are calendar days
# (a last day that is a day off moves to the working day before), "…_wd" working days. No law sets them: each is
# the commune's plan (the seed plans' figures as defaults).
DEFAULTS.update({
    "prepare.consolidate_days": ("10", COMMUNE_PLAN + ": tổng hợp ý kiến, kiến nghị của Nhân dân trước hội nghị ít "
                                                      "nhất 10 ngày"),
    "prepare.review_days": ("10", COMMUNE_PLAN + ": rà soát đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh chưa "
                                                 "giải quyết dứt điểm từ đầu năm, báo cáo Chủ tịch UBND xã"),
    "prepare.answers_wd": ("7", COMMUNE_PLAN + ": các ngành chuẩn bị nội dung trả lời, báo cáo UBND xã chậm nhất 07 "
                                               "ngày làm việc trước khi tổ chức đối thoại"),
    "prepare.report_days": ("5", COMMUNE_PLAN + ": báo cáo Đảng ủy, HĐND xã trước 05 ngày"),
    "prepare.remind_wd_before": ("2", COMMUNE_CHOICE + ": nhắc người phụ trách trước hạn của mỗi việc chuẩn bị"),
})

# Questions asked by voice (issue 14): how long a recording a question may be.
DEFAULTS.update({
    "voice.max_seconds": ("300", COMMUNE_CHOICE + ": độ dài tối đa của một câu hỏi gửi bằng giọng nói (giây)"),
})
