"""A written answer to a resident as an official letter (công văn, "V/v trả lời câu hỏi của công dân"): addressed to
the asker, their question quoted, the answer, the chair's signature. Drafted when staff answer a question owed in
writing and the commune's policy asks for letters (questions/written_answers.py); approved, numbered and sent by
papers.py, which then records the answer on the ticket."""
from __future__ import annotations

from datetime import date
from typing import Any

from handlers.conclusions import document_words as w
from handlers.conclusions import paper_words as pw
from handlers.conclusions.documents import paragraphs
from handlers.conclusions.paper_frame import frame


async def build(repo: Any, doc: Any, today: date) -> bytes:
    from handlers.conclusions.official_docs import letter  # python-docx when needed

    f = await frame(repo, doc, today, subject=pw.LETTER_SUBJECT)
    question = await repo.get_question(doc.subject_id)
    asker = await repo.get_person(question.asker_id)
    addressee = f"Ông/Bà {asker.full_name}" if asker and asker.full_name else "Ông/Bà"
    department = await repo.department_name(question.commune_id, question.department_code)
    lines = [f"Ngày {w.day_of(question.created_at)}, {f.words.committee} {f.commune.name} nhận được ý kiến, kiến "
             f"nghị của {addressee} (mã {question.code}) với nội dung:",
             f"“{' '.join(question.text.split())}”",
             f"Về nội dung trên, {f.words.committee} {f.commune.name} trả lời như sau:"]
    lines += paragraphs(doc.text)
    lines.append(f"{f.words.committee} {f.commune.name} trả lời để {addressee} được biết./.")
    return letter(f.head, [addressee], lines, f.signature, pw.letter_recipients(f.words, department))
