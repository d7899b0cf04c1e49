"""The public results page as HTML (simple, accessible, for a phone), a JSON feed and an RSS 2.0 feed, all in
Vietnamese; every text escaped. Pure: PublicResults in, text out."""
from __future__ import annotations

import json
from email.utils import format_datetime
from html import escape
from typing import Any

from handlers.publicity.results import PublicQuestion, PublicResults, PublicSession

STYLE = ("body{font-family:system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;line-height:1.5;"
         "color:#1a1a1a}h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-top:2px solid #c00;"
         "padding-top:1rem}dl{margin:0}dt{font-weight:bold}dd{margin:0 0 .5rem}li{margin-bottom:1rem}"
         ".late{color:#b00;font-weight:bold}.meta{color:#444}")


def page_path(code: str) -> str:
    return f"/ket-qua/{code}"


def results_html(results: PublicResults) -> str:
    title = f"Kết quả hội nghị đối thoại — {results.committee}"
    body = [f"<h1>{escape(title)}</h1>",
            '<p class="meta">Các hội nghị đối thoại giữa Chủ tịch và Nhân dân đã công bố kết luận: ý kiến, kiến '
            "nghị của Nhân dân (không kèm thông tin người hỏi), kết quả trả lời và việc theo dõi thực hiện.</p>",
            f'<p><a href="{escape(page_path(results.code))}.rss">RSS</a> · '
            f'<a href="{escape(page_path(results.code))}.json">JSON</a></p>']
    if not results.sessions:
        body.append("<p>Chưa có hội nghị nào được công bố kết luận.</p>")
    body += [_session_html(s) for s in results.sessions]
    return document(title, "\n".join(body))


def document(title: str, body: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n"
            f"<body><main>\n{body}\n</main></body></html>\n")


def not_found_html() -> str:
    return document("Không tìm thấy", "<h1>Không tìm thấy trang</h1><p>Không có xã, phường nào với mã này. Mã là "
                                      "5 chữ số theo danh mục đơn vị hành chính, ví dụ 06421.</p>")


def _session_html(s: PublicSession) -> str:
    items = "\n".join(_question_html(q) for q in s.questions) or "<li>Hội nghị không có câu hỏi nào.</li>"
    conclusion = "".join(f"<p>{escape(line)}</p>" for line in s.conclusion.splitlines() if line.strip())
    return (f'<section id="hoi-nghi-{s.id}"><h2>{escape(s.title)}</h2>'
            f'<p class="meta">Ngày {s.held_on:%d/%m/%Y}, {escape(s.place)} · Thông báo kết luận số '
            f"{escape(s.notice_no)}</p><h3>Kết luận</h3>{conclusion}"
            f"<h3>Ý kiến, kiến nghị và kết quả ({len(s.questions)})</h3><ol>\n{items}\n</ol></section>")


def _question_html(q: PublicQuestion) -> str:
    rows = [("Lĩnh vực", q.topic), ("Nội dung", q.text), ("Kết quả", q.status)]
    rows += [("Trả lời", q.outcome)] if q.outcome else []
    rows += [("Đơn vị giải quyết", q.department)] if q.department else []
    due = ""
    if q.due_on:
        late = f' <span class="late">đã quá hạn (hạn chót {q.due_on:%d/%m/%Y})</span>' if q.overdue else ""
        due = f"<dt>Hạn trả lời</dt><dd>chậm nhất ngày {q.due_on:%d/%m/%Y}{late}</dd>"
    cells = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f'<li id="{escape(q.code)}"><strong>{escape(q.code)}</strong><dl>{cells}{due}</dl></li>'


def results_json(results: PublicResults) -> str:
    return json.dumps({"commune_code": results.code, "commune": results.committee,
                       "sessions": [_session_dict(s) for s in results.sessions]}, ensure_ascii=False, indent=1)


def _session_dict(s: PublicSession) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "held_on": s.held_on.isoformat(), "place": s.place,
            "notice_no": s.notice_no, "published_at": s.published_at.isoformat(), "conclusion": s.conclusion,
            "questions": [{"code": q.code, "topic": q.topic, "text": q.text, "status": q.status,
                           "answer": q.outcome, "department": q.department,
                           "due_on": q.due_on.isoformat() if q.due_on else None, "overdue": q.overdue}
                          for q in s.questions]}


def results_rss(results: PublicResults, base_url: str) -> str:
    """RSS 2.0: one item per published session, linking to its part of the page."""
    link = f"{base_url.rstrip('/')}{page_path(results.code)}"
    items = "".join(
        f"<item><title>{escape(s.title)} ({s.held_on:%d/%m/%Y})</title><link>{escape(link)}#hoi-nghi-{s.id}</link>"
        f'<guid isPermaLink="false">{escape(results.code)}-{s.id}</guid>'
        f"<pubDate>{format_datetime(s.published_at)}</pubDate>"
        f"<description>{escape(_summary(s))}</description></item>" for s in results.sessions)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape('Kết quả hội nghị đối thoại — ' + results.committee)}</title><link>{escape(link)}</link>"
            f"<description>{escape('Kết luận và kết quả trả lời ý kiến, kiến nghị của Nhân dân')}</description>"
            f"<language>vi</language>{items}</channel></rss>\n")


def _summary(s: PublicSession) -> str:
    return f"Thông báo kết luận số {s.notice_no}. {s.conclusion} ({len(s.questions)} ý kiến, kiến nghị)"
