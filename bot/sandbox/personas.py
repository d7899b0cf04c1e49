"""Who the sandbox can play: the sandbox bot's chat accounts, with their names, villages and staff roles."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from bot.telegram.parse import CHANNEL
from storage.db import Database
from storage.models import Bot, ChannelAccount, Commune, Department, Person, StaffMember, Village

GROUP_ID_BASE = -1_000_000_000_000  # supergroup ids start with -100; one group per village


@dataclass
class Persona:
    user_id: int
    name: str = ""
    language: str = "vi"
    commune_id: int | None = None
    village_id: int | None = None
    village: str = ""
    roles: list[str] = field(default_factory=list)
    department: str = ""
    head_of: set[int] = field(default_factory=set)  # village ids a village head looks after


@dataclass(frozen=True)
class VillageGroup:
    chat_id: int
    village_id: int
    commune_id: int
    title: str


def group_id(village_id: int) -> int:
    return GROUP_ID_BASE - village_id


async def load_personas(database: Database, bot_external_id: str) -> dict[int, Persona]:
    """Every private chat account of the bot, keyed by Telegram user id."""
    async with database.unit_of_work() as uow:
        rows = (await uow.session.execute(
            select(ChannelAccount, Person, Village.name)
            .join(Bot, Bot.id == ChannelAccount.bot_id)
            .outerjoin(Person, Person.id == ChannelAccount.person_id)
            .outerjoin(Village, Village.id == Person.village_id)
            .where(Bot.channel == CHANNEL, Bot.external_id == bot_external_id)
            .order_by(ChannelAccount.id))).all()
        staff = (await uow.session.execute(
            select(StaffMember, Department.name)
            .outerjoin(Department, (Department.commune_id == StaffMember.commune_id)
                       & (Department.code == StaffMember.department_code)))).all()
    by_person: dict[int, list] = {}
    for member, department in staff:
        by_person.setdefault(member.person_id, []).append((member, department or ""))
    personas: dict[int, Persona] = {}
    for account, person, village in rows:
        if not account.external_user_id.isdigit():
            continue
        persona = Persona(int(account.external_user_id), language=account.language)
        if person is not None:
            persona.name, persona.commune_id = person.full_name, person.commune_id
            persona.village_id, persona.village = person.village_id, village or ""
            for member, department in by_person.get(person.id, []):
                persona.roles.append(member.role)
                persona.department = persona.department or department
                if member.village_id:
                    persona.head_of.add(member.village_id)
        personas[persona.user_id] = persona
    return personas


async def load_village_groups(database: Database) -> list[VillageGroup]:
    async with database.unit_of_work() as uow:
        villages = (await uow.session.scalars(
            select(Village).order_by(Village.commune_id, Village.position, Village.name))).all()
    return [VillageGroup(group_id(v.id), v.id, v.commune_id, v.name) for v in villages]


def group_members(group: VillageGroup, personas: dict[int, Persona]) -> set[int]:
    """Residents of the village, its head, and the commune's chair and secretary."""
    members = set()
    for persona in personas.values():
        lives_there = persona.village_id == group.village_id
        heads_it = group.village_id in persona.head_of
        manages = persona.commune_id == group.commune_id and {"chair", "secretary"} & set(persona.roles)
        if lives_there or heads_it or manages:
            members.add(persona.user_id)
    return members


async def creation_options(database: Database) -> dict:
    """Villages and departments to offer when creating a persona on the page."""
    async with database.unit_of_work() as uow:
        villages = (await uow.session.scalars(select(Village).order_by(Village.commune_id, Village.position))).all()
        departments = (await uow.session.scalars(select(Department).order_by(Department.id))).all()
        commune_code = await uow.session.scalar(select(Commune.code).order_by(Commune.id).limit(1))
    return {"commune_code": commune_code or "",
            "villages": [{"id": v.id, "name": v.name} for v in villages],
            "departments": list({d.code: {"code": d.code, "name": d.name} for d in departments}.values())}
