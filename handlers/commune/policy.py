"""Per-commune policy values with their legal basis; the defaults come from LEGAL.md and the seed plans."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

from handlers.commune.deadlines import DeadlinePolicy, Rule
from handlers.commune.workdays import WorkCalendar, calendar_of

# key → (default value, legal basis). Communes may change values; the basis is shown beside them.
DEFAULTS: dict[str, tuple[str, str]] = {
    "session.lead_days_min": ("7", "Luật 72/2025/QH15 Điều 43; kế hoạch mẫu (seeds 000 §III.1, 001 §III): "
                                   "thông báo ít nhất 7 ngày trước hội nghị"),
    "session.lead_days_warn": ("10", "LEGAL.md: cảnh báo khi thông báo dưới 10 ngày trước hội nghị"),
    "session.intake_close_days": ("5", "Seed 003: tổng hợp câu hỏi 5 ngày trước hội nghị (seed 001: 10 ngày)"),
    "reminder.residents_days_before": ("1", "Mặc định của sản phẩm: nhắc người dân 1 ngày trước hội nghị"),
    "reminder.residents_time": ("08:00", "Mặc định của sản phẩm: giờ gửi lời nhắc (giờ Việt Nam)"),
    "deadline.conclusion_notice_wd": ("5", "Seed 004: thông báo kết luận trong 5 ngày làm việc sau hội nghị "
                                           "(seed 003: 7 ngày)"),
    "deadline.written_answer_wd": ("10", "Seeds 000, 004: trả lời bằng văn bản trong 10 ngày làm việc "
                                         "(seed 003: 15 ngày kể từ ngày thông báo)"),
    "deadline.complex_answer_wd": ("30", "Seeds 000, 003, 004: vụ việc phức tạp không quá 30 ngày làm việc, "
                                         "báo người hỏi ngày dự kiến và cơ quan trả lời"),
    "deadline.petition_ack_wd": ("10", "Luật Tiếp công dân 42/2013/QH13 Điều 28: trả lời tiếp nhận kiến nghị "
                                       "trong 10 ngày làm việc kể từ ngày nhận"),
    "deadline.village_heads_days": ("10", "Luật 72/2025/QH15 Điều 43: kết quả đối thoại niêm yết và gửi trưởng "
                                          "thôn trong 10 ngày"),
    "reminder.due_wd_before": ("2", "Mặc định của sản phẩm: nhắc cán bộ 2 ngày làm việc trước hạn trả lời"),
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
    policy = deadline_policy(await repo.policy_values(commune_id))
    return policy, calendar_of(await repo.day_overrides(commune_id))
# Community features (issue 6): keys added after the session ones.
DEFAULTS.update({
    "similar.min_score": ("80", "Mặc định của sản phẩm: độ giống tối thiểu (0–100) để gợi ý câu hỏi trùng"),
    "speaker.absent_recalls": ("1", "Mặc định của sản phẩm: số lần gọi lại người đăng ký phát biểu vắng mặt"),
    "petition.voter_count": ("0", "Số cử tri của xã theo danh sách cử tri gần nhất; xã cần cập nhật"),
    "petition.percent": ("10", "Luật 72/2025/QH15 Điều 43; seed 002 §II.4: ít nhất 10% cử tri đề nghị"),
})


def policy_int(values: dict[str, str], key: str) -> int:
    """An integer policy value of a commune, the default filling any gap."""
    return int(values.get(key) or DEFAULTS[key][0])


# Complaints and denunciations (issue 12, t12-complaints): what the reception desk's clocks and the resident's
# messages use. "…_days" are calendar days (the last day moves past a day off), "…_wd" working days.
DEFAULTS.update({
    "complaint.limitation_days": ("90", "Luật Khiếu nại 2011, Điều 9"),
    "complaint.accept_days": ("10", "Luật Khiếu nại 2011, Điều 27"),
    "complaint.resolve_days": ("30", "Luật Khiếu nại 2011, Điều 28"),
    "complaint.resolve_complex_days": ("45", "Luật Khiếu nại 2011, Điều 28"),
    "complaint.remote_area": ("0", "Luật Khiếu nại 2011, Điều 28 (1: xã ở vùng sâu, vùng xa đi lại khó khăn)"),
    "complaint.resolve_remote_days": ("45", "Luật Khiếu nại 2011, Điều 28"),
    "complaint.resolve_remote_complex_days": ("60", "Luật Khiếu nại 2011, Điều 28"),
    "denunciation.identity_role": ("chair", "Luật Tố cáo 2018, Điều 47, Điều 48"),
    "denunciation.accept_wd": ("7", "Luật Tố cáo 2018, Điều 24"),
    "denunciation.forward_wd": ("5", "Luật Tố cáo 2018, Điều 24"),
    "denunciation.resolve_days": ("30", "Luật Tố cáo 2018, Điều 30"),
    "denunciation.chair_body": ("Chủ tịch UBND cấp tỉnh", "Luật Tố cáo 2018, Điều 13"),
})


# Clocks (issue 12, t12-clocks): keys added after the community ones.
DEFAULTS.update({
    "session.intake_window_min_days": ("2", "Mặc định của sản phẩm: Nhân dân có ít nhất 2 ngày để gửi câu hỏi sau "
                                            "khi thông báo (thông báo ít nhất 7 ngày trước hội nghị theo Luật Tổ "
                                            "chức chính quyền địa phương 2025, Điều 43; tổng hợp câu hỏi 5 ngày "
                                            "trước hội nghị); cảnh báo khi ngắn hơn"),
    "session.periodic_per_year": ("1", "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 32; Luật Tổ chức chính quyền "
                                       "địa phương 2025, Điều 43: đối thoại định kỳ ít nhất 1 lần mỗi năm"),
    "reminder.periodic_month": ("10", "Mặc định của sản phẩm: từ tháng này nhắc lãnh đạo khi trong năm chưa đủ số "
                                      "hội nghị đối thoại định kỳ"),
})
