"""The year's KẾ HOẠCH (plan) for the dialogue sessions (seeds 002, 003): purpose and requirements, the sessions
planned for the year in the database (date, place, topic, villages, who chairs), the organisation (who does what)
and the time limits, all from the commune's policy values. A year without its periodic sessions planned says the
session's time will be announced later (the card tells the chair it is missing)."""
from __future__ import annotations

from datetime import date
from typing import Any

from handlers.commune.policy import DEFAULTS, policy_int
from handlers.conclusions import document_words as w
from handlers.conclusions import paper_words as pw
from handlers.conclusions.paper_frame import frame
from handlers.conversation.access import Role
from handlers.conversation.i18n import VIETNAM
from handlers.sessions.rules import SessionState

PERIODIC = "session.periodic_per_year"


def law_of(key: str) -> str:
    """The law a policy value comes from, without its explanation: "Luật …, Điều 32; Luật …, Điều 43"."""
    return DEFAULTS[key][1].split(":", 1)[0]


async def year_sessions(repo: Any, commune_id: int, year: int) -> list[Any]:
    """The commune's sessions that start in this year (Vietnam time), in date order, drafts included: planned."""
    sessions = [s for s in await repo.sessions_of(commune_id) if s.starts_at.astimezone(VIETNAM).year == year]
    return sorted(sessions, key=lambda s: (s.starts_at, s.id))


async def periodic_planned(repo: Any, commune_id: int, year: int) -> tuple[int, int, int]:
    """(periodic sessions planned for the year, of which announced or held — what the periodic clock counts
    (sessions/periodic.py) — and how many the commune's policy asks for)."""
    periodic = [s for s in await year_sessions(repo, commune_id, year) if s.kind != "extraordinary"]
    announced = sum(1 for s in periodic if s.state != SessionState.DRAFT)
    return len(periodic), announced, policy_int(await repo.policy_values(commune_id), PERIODIC)


async def build(repo: Any, doc: Any, today: date) -> bytes:
    from handlers.conclusions.official_docs import Section, titled  # python-docx when needed

    year, f = doc.subject_id, await frame(repo, doc, today)
    values = await repo.policy_values(doc.commune_id)
    needed = policy_int(values, PERIODIC)
    title = f"Hội nghị đối thoại giữa {f.words.chair} với Nhân dân năm {year}"
    opening = [f"Căn cứ {law_of(PERIODIC)};",
               f"{f.words.committee} {f.commune.name} ban hành Kế hoạch tổ chức {title[:1].lower()}{title[1:]} như "
               "sau:"]
    sessions = await _session_lines(repo, doc.commune_id, year, f.words)
    planned = sum(1 for kind, _ in sessions if kind != "extraordinary")
    lines = [line for _, line in sessions]
    later = "- Hội nghị đối thoại định kỳ: thời gian, địa điểm cụ thể sẽ có thông báo sau."
    lines += [later] * max(needed - planned, 0)
    content = [f"1. Số lượng: đối thoại định kỳ ít nhất {needed:02d} lần trong năm; đối thoại đột xuất khi cần thiết.",
               "2. Các hội nghị trong năm:"] + lines
    departments = [d.name for d in await repo.departments(doc.commune_id)]
    organisation = _organisation(f.words, values, departments)
    sections = [Section("", tuple(opening)), Section("I. MỤC ĐÍCH, YÊU CẦU", tuple(pw.plan_purpose())),
                Section("II. NỘI DUNG, THỜI GIAN, ĐỊA ĐIỂM", tuple(content)),
                Section("III. TỔ CHỨC THỰC HIỆN", tuple(organisation))]
    return titled(f.head, "KẾ HOẠCH", title, sections,
                  f"Trên đây là Kế hoạch tổ chức Hội nghị đối thoại với Nhân dân năm {year} của {f.words.committee} "
                  f"{f.commune.name}./.", f.signature, pw.plan_recipients(f.words, f.commune.province_name or ""))


async def _session_lines(repo: Any, commune_id: int, year: int, words: Any) -> list[tuple[str, str]]:
    names = await repo.village_names(commune_id)
    chairs = [await repo.get_person(p) for p in await repo.staff_with_role(commune_id, [Role.CHAIR])]
    chair = words.chair + (f" {chairs[0].full_name}" if chairs and chairs[0] else "")
    lines = []
    for s in await year_sessions(repo, commune_id, year):
        place = "trực tuyến" if s.online else (f"tại {s.venue}" if s.venue else "địa điểm sẽ thông báo sau")
        villages = [names.get(v, "") for v in await repo.session_village_ids(s)] if not s.all_villages else []
        scope = f"toàn {words.unit}" if s.all_villages else (", ".join(v for v in villages if v) or words.village)
        kind = "đột xuất" if s.kind == "extraordinary" else "định kỳ"
        topic = s.title + w.theme_phrase(s.theme)
        leader = w.leader(s, words)  # the chair by default; the Party secretary (seed 001) or a vice-chair
        leader = chair if leader == words.chair else leader  # the chair is named
        lines.append((s.kind, pw.plan_session_line(kind, s.starts_at, place, topic, scope, leader)))
    return lines


def _organisation(words: Any, values: dict[str, str], departments: list[str]) -> list[str]:
    """Who does what, with the commune's time limits (each a policy value)."""
    def n(key: str) -> int:
        return policy_int(values, key)

    return [f"1. Văn phòng HĐND và {words.committee_short}",
            f"- Thông báo thời gian, địa điểm, nội dung hội nghị trước ít nhất {n('session.lead_days_min')} ngày; "
            f"tiếp nhận, tổng hợp ý kiến, kiến nghị của Nhân dân.",
            f"- Dự thảo thông báo kết luận trình {words.chair} ký ban hành trong {n('deadline.conclusion_notice_wd')} "
            f"ngày làm việc sau hội nghị; gửi kết quả đối thoại cho {words.heads} trong "
            f"{n('deadline.village_heads_days')} ngày.",
            "- Theo dõi, đôn đốc việc thực hiện kết luận; tổng hợp báo cáo kết quả.",
            "2. Các cơ quan, bộ phận chuyên môn" + (f" ({', '.join(departments)})" if departments else ""),
            f"- Chuẩn bị nội dung trả lời thuộc lĩnh vực phụ trách; trả lời bằng văn bản trong "
            f"{n('deadline.written_answer_wd')} ngày làm việc kể từ khi có thông báo kết luận; trường hợp phức tạp "
            f"không quá {n('deadline.complex_answer_wd')} ngày làm việc.",
            "3. Bộ phận tiếp nhận, tổng hợp ý kiến và đăng ký phát biểu (tổ giúp việc)",
            "- Tiếp nhận, tổng hợp ý kiến, kiến nghị; đăng ký phát biểu tại hội nghị.",
            f"4. Đề nghị Ủy ban MTTQ Việt Nam {words.unit}",
            "- Phối hợp tổ chức hội nghị; tuyên truyền, vận động Nhân dân tham gia; theo dõi, giám sát việc thực "
            "hiện kết luận."]
