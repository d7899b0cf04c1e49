"""Official documents issued from the bot besides the conclusion notice: the BÁO CÁO kết quả of a session, the
year's KẾ HOẠCH and written answers to residents (văn bản trả lời). Drafted, approved by the chair, numbered by the
clerk from the commune's register; the issued .docx is kept as sent."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class OfficialDocument(Base):
    __tablename__ = "official_document"
    __table_args__ = (Index("ix_official_document_subject", "commune_id", "kind", "subject_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(4))  # BC: report of a session, KH: the year's plan, CV: written answer
    subject_id: Mapped[int] = mapped_column(Integer)  # the session (BC), the year (KH), the question (CV)
    text: Mapped[str] = mapped_column(Text, server_default="")  # BC: the proposals; CV: the answer
    drafted_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    drafted_at: Mapped[datetime | None]
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    approved_at: Mapped[datetime | None]
    approved_as: Mapped[str | None] = mapped_column(String(20))  # chair, or vice_chair (signs KT. CHỦ TỊCH)
    delegated_at: Mapped[datetime | None]  # the chair let a vice-chair approve it
    number: Mapped[int | None] = mapped_column(Integer)  # from the commune's register, entered by the clerk
    issued_at: Mapped[datetime | None]
    file_name: Mapped[str] = mapped_column(String(120), server_default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # the issued .docx, as sent
