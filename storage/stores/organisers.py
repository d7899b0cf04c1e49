"""Storage for the other organisers: the Fatherland Front's submissions and the communes a provincial officer sees."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Commune, FrontIntake

EVERY_PROVINCE = "*"


class OrganiserStore:
    session: AsyncSession

    async def add_front_intake(self, **fields: Any) -> FrontIntake:
        row = FrontIntake(**fields)
        self.session.add(row)
        await self.session.flush()
        return row

    async def front_intake(self, question_id: int) -> FrontIntake | None:
        return await self.session.get(FrontIntake, question_id)

    async def province_communes(self, province: str | None) -> list[Commune]:
        """The communes of a province ("*": every commune of the deployment), by code; none for no province."""
        if not province:
            return []
        stmt = select(Commune).order_by(Commune.code)
        if province != EVERY_PROVINCE:
            stmt = stmt.where(Commune.province_code == province)
        return list((await self.session.scalars(stmt)).all())
