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


def session_policy(values: dict[str, str]) -> SessionPolicy:
    """The session rules of one commune from its stored values, defaults filling any gap."""
    def get(key: str) -> str:
        return values.get(key) or DEFAULTS[key][0]

    hour, _, minute = get("reminder.residents_time").partition(":")
    return SessionPolicy(int(get("session.lead_days_min")), int(get("session.lead_days_warn")),
                         int(get("session.intake_close_days")), int(get("reminder.residents_days_before")),
                         time(int(hour), int(minute or 0)))


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


async def policy_value(repo: Any, commune_id: int, key: str) -> str:
    """One policy value of a commune, the default filling any gap."""
    return (await repo.policy_values(commune_id)).get(key) or DEFAULTS[key][0]


# Official documents (issue 12, t12-documents).
DEFAULTS.update({
    "document.notice_signature": ("tm", "Nghị định 30/2020/NĐ-CP, Điều 13: thông báo kết luận ký thay mặt Ủy ban "
                                        "(tm: TM. ỦY BAN NHÂN DÂN, Phó Chủ tịch ký KT. CHỦ TỊCH khi được giao) "
                                        "hoặc ký thừa lệnh (tl: TL. CHỦ TỊCH, Chánh Văn phòng)"),
})
