"""The words of what is posted and read aloud beyond chat — the A4 notice for notice boards and the loudspeaker
text — for a session's announcement and for its results. Vietnamese, like the documents the commune issues. Pure:
facts in, text out."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from handlers.conversation.i18n import VIETNAM, localise_units
from handlers.publicity.spoken import speakable, spoken_day, spoken_moment


@dataclass(frozen=True)
class SessionFacts:
    """What a notice says about a session, already in the commune's words (see facts.session_facts)."""

    committee: str  # "Ủy ban nhân dân xã Thiện Tân"
    title: str  # "Hội nghị đối thoại định kỳ giữa Chủ tịch UBND xã với Nhân dân"
    starts_at: datetime
    when: str  # "08 giờ 00, thứ Hai, ngày 15/12/2026"
    place: str  # the venue, or "trực tuyến"
    villages: str  # "Nhân dân thôn Lân Luông, thôn Bến Đá"
    chair: str  # "Chủ tịch UBND xã Thiện Tân Nguyễn Văn Minh"
    co_organisers: str  # "" when none
    until: str  # "hết ngày 10/12/2026"
    bot: str  # "@doithoai_bot"
    bot_link: str
    ask_link: str
    today: date
    kind: str = "xa"  # the commune's kind: a ward's notice says tổ dân phố and tổ trưởng tổ dân phố


@dataclass(frozen=True)
class ResultFacts:
    notice_no: str  # "05/TB-UBND"
    published_on: date
    conclusion: str
    counts: dict[str, int]  # total, answered, written, forwarded, declined, merged
    page_link: str = ""  # the public results page, when the commune's portal address is set


@dataclass(frozen=True)
class Notice:
    """An A4 notice: issuer, title, labelled facts, paragraphs, QR codes (link, caption), place and date."""

    issuer: str
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...]
    emphasis: str
    codes: tuple[tuple[str, str], ...]
    signed: str
    file_name: str = field(default="thong-bao.pdf")


def announcement_notice(session_id: int, s: SessionFacts) -> Notice:
    facts = [("Thời gian", s.when), ("Địa điểm", s.place), ("Chủ trì", s.chair), ("Thành phần", s.villages)]
    if s.co_organisers:
        facts.insert(3, ("Phối hợp", s.co_organisers))
    how = ("Cách gửi câu hỏi, ý kiến, kiến nghị:",
           f"- Quét mã QR bên dưới (hoặc mở {s.ask_link}) rồi nhắn câu hỏi cho Trợ lý đối thoại của {s.committee}.",
           f"- Hoặc nhắn /ask cho Trợ lý trên Telegram: {s.bot}.",
           "- Hoặc nhờ trưởng thôn gửi giúp; Trợ lý báo mã câu hỏi và kết quả giải quyết cho người gửi.")
    return Notice(s.committee, "THÔNG BÁO", f"Tổ chức {s.title}", tuple(facts), _units(how, s.kind),
                  f"Hạn gửi câu hỏi: chậm nhất đến {s.until}.",
                  ((s.bot_link, f"Trợ lý đối thoại {s.bot}"), (s.ask_link, "Gửi câu hỏi cho hội nghị này")),
                  _signed(s), f"thong-bao-hoi-nghi-{session_id}.pdf")


def results_notice(session_id: int, s: SessionFacts, r: ResultFacts) -> Notice:
    held = s.starts_at.astimezone(VIETNAM)
    facts = (("Hội nghị", f"ngày {held:%d/%m/%Y}, tại {s.place}"), ("Chủ trì", s.chair),
             ("Thông báo kết luận", f"số {r.notice_no} ngày {r.published_on:%d/%m/%Y}"))
    paragraphs = ("Ý kiến kết luận chung:", *_lines(r.conclusion), counts_sentence(r.counts),
                  "Người đã gửi câu hỏi nhận kết quả của câu hỏi mình qua tin nhắn của Trợ lý (nhắn /mytickets), "
                  "hoặc hỏi trưởng thôn.")
    codes = [(s.bot_link, f"Trợ lý đối thoại {s.bot}")]
    if r.page_link:
        codes.append((r.page_link, "Kết quả các hội nghị đối thoại"))
    return Notice(s.committee, "THÔNG BÁO KẾT QUẢ", s.title, facts, _units(paragraphs, s.kind),
                  "Các phòng, ban được giao trả lời bằng văn bản theo đúng thời hạn trong Thông báo kết luận.",
                  tuple(codes), _signed(s), f"ket-qua-hoi-nghi-{session_id}.pdf")


def counts_sentence(counts: dict[str, int]) -> str:
    return (f"Hội nghị đã nhận {counts['total']} ý kiến, kiến nghị: {counts['answered']} ý kiến đã được trả lời "
            f"tại Hội nghị, {counts['written']} ý kiến được giao trả lời bằng văn bản, {counts['forwarded']} ý kiến "
            f"chuyển cơ quan có thẩm quyền, {counts['declined']} ý kiến không thuộc nội dung giải quyết tại Hội nghị, "
            f"{counts['merged']} ý kiến trùng nội dung được gộp.")


def announcement_speech(s: SessionFacts) -> str:
    """The loudspeaker text of an announcement: said twice where it matters, no links, dates in words."""
    when, committee = spoken_moment(s.starts_at), speakable(s.committee)
    where = speakable(s.place)
    parts = [f"Thông báo của {committee}.",
             f"{committee} tổ chức {speakable(s.title)}.",
             f"Thời gian: {when}.", f"Địa điểm: {where}.", f"Chủ trì: {speakable(s.chair)}."]
    if s.co_organisers:
        parts.append(f"Phối hợp: {speakable(s.co_organisers)}.")
    parts += [f"Kính mời {speakable(s.villages)} đến dự.",
              "Bà con có câu hỏi, ý kiến, kiến nghị xin nhắn cho Trợ lý đối thoại của Ủy ban nhân dân trên điện "
              "thoại, hoặc quét mã QR trên bảng tin, hoặc nhờ trưởng thôn gửi giúp, "
              f"chậm nhất đến {speakable(s.until)}.",
              f"Xin nhắc lại: {speakable(s.title)} tổ chức lúc {when}, tại {where}. "
              f"Bà con gửi câu hỏi chậm nhất đến {speakable(s.until)}.",
              "Trân trọng thông báo."]
    return localise_units("\n\n".join(parts), s.kind)


def results_speech(s: SessionFacts, r: ResultFacts) -> str:
    """The loudspeaker text of the results: the conclusion and what became of the questions, said to be heard."""
    committee, held = speakable(s.committee), spoken_day(s.starts_at.astimezone(VIETNAM).date())
    number = r.notice_no.split("/", 1)[0]
    parts = [f"Thông báo của {committee} về kết quả {speakable(s.title)}, tổ chức {held}.",
             f"Ngày {r.published_on.day} tháng {r.published_on.month} năm {r.published_on.year}, {committee} đã "
             f"ban hành Thông báo kết luận số {int(number) if number.isdigit() else number}.",
             "Ý kiến kết luận chung như sau:", *[speakable(line) for line in _lines(r.conclusion)],
             counts_sentence(r.counts),
             "Người đã gửi câu hỏi nhận kết quả của câu hỏi mình qua tin nhắn của Trợ lý đối thoại, hoặc hỏi trưởng "
             "thôn. Các ý kiến được giao trả lời bằng văn bản được trả lời theo thời hạn ghi trong Thông báo kết luận.",
             f"Xin nhắc lại: kết quả {speakable(s.title)} tổ chức {held} đã được công bố; "
             "toàn văn Thông báo kết luận được niêm yết tại trụ sở Ủy ban nhân dân.",
             "Trân trọng thông báo."]
    return localise_units("\n\n".join(p for p in parts if p), s.kind)


def _signed(s: SessionFacts) -> str:
    return f"{s.committee}, ngày {s.today:%d} tháng {s.today:%m} năm {s.today:%Y}"


def _units(paragraphs: tuple[str, ...], kind: str) -> tuple[str, ...]:
    return tuple(localise_units(p, kind) for p in paragraphs)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
