"""The other organisers' rows: a concern the Fatherland Front submitted for residents, with where it came from."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class FrontIntake(Base):
    """A question the Fatherland Front entered on residents' behalf, with its source as the Front noted it (a
    village's mass-mobilisation team, a meeting, a named resident who agreed)."""

    __tablename__ = "front_intake"
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    entered_by: Mapped[int] = mapped_column(ForeignKey("person.id"))
    entered_at: Mapped[datetime]
