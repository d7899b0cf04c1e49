"""Storage for the official documents issued besides the conclusion notice (reports, plans, written answers)."""
from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import extract, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OfficialDocument


class DocumentStore:
    session: AsyncSession

    async def official_document(self, commune_id: int, kind: str, subject_id: int) -> OfficialDocument | None:
        """The latest document of this kind about this subject (a reopened question may have had an earlier one)."""
        stmt = (select(OfficialDocument).where(OfficialDocument.commune_id == commune_id,
                                               OfficialDocument.kind == kind,
                                               OfficialDocument.subject_id == subject_id)
                .order_by(OfficialDocument.id.desc()).limit(1))
        return await self.session.scalar(stmt)

    async def get_official_document(self, document_id: int, *, lock: bool = False) -> OfficialDocument | None:
        stmt = select(OfficialDocument).where(OfficialDocument.id == document_id)
        return await self.session.scalar(stmt.with_for_update() if lock else stmt)

    async def save_official_document(self, row: Any | None, **fields: Any) -> OfficialDocument:
        row = row or OfficialDocument()
        for name, value in fields.items():
            setattr(row, name, value)
        self.session.add(row)
        await self.session.flush()
        return row

    async def official_number_used(self, commune_id: int, kind: str, number: int, year: int,
                                   except_id: int) -> bool:
        """Whether another issued document of this kind of the commune carries this register number this calendar
        year (Vietnam time)."""
        issued_year = extract("year", func.timezone("Asia/Ho_Chi_Minh", OfficialDocument.issued_at))
        stmt = (select(OfficialDocument.id)
                .where(OfficialDocument.commune_id == commune_id, OfficialDocument.kind == kind,
                       OfficialDocument.number == number, OfficialDocument.id != except_id,
                       issued_year == year).limit(1))
        return await self.session.scalar(stmt) is not None

    async def issued_documents(self, kind: str, subject_ids: Sequence[int]) -> dict[int, Any]:
        """The latest issued document of this kind per subject (id, subject_id, number, issued_at; not the file), in
        one statement."""
        if not subject_ids:
            return {}
        stmt = (select(OfficialDocument.id, OfficialDocument.subject_id, OfficialDocument.number,
                       OfficialDocument.issued_at)
                .where(OfficialDocument.kind == kind, OfficialDocument.subject_id.in_(list(subject_ids)),
                       OfficialDocument.issued_at.is_not(None))
                .order_by(OfficialDocument.id))
        return {row.subject_id: row for row in (await self.session.execute(stmt)).all()}
