"""Adding communes from the official list (one by code, or a whole province) and villages to an existing one."""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from bot.admin import AdminError, clean_villages
from bot.official_list import CommuneEntry, normal_code
from handlers.commune.kinds import kind_word
from handlers.commune.topics import default_departments
from handlers.conversation.text import normalise
from storage.db import Database


async def add_communes(database: Database, entries: Sequence[CommuneEntry],
                       villages: Sequence[str] = ()) -> tuple[list[CommuneEntry], list[CommuneEntry]]:
    """Add the communes not present yet, each with the default departments and policies, in one transaction;
    returns (added, already there). Running it twice adds nothing the second time."""
    villages = clean_villages(list(villages))
    async with database.unit_of_work() as uow:
        existing = await uow.repo.existing_codes([e.code for e in entries])
        added = [e for e in entries if e.code not in existing]
        for entry in added:
            await uow.repo.add_commune(entry.code, entry.name, villages, default_departments(entry.kind),
                                       kind=entry.kind, province_code=entry.province_code,
                                       province_name=entry.province_name)
        await uow.commit()
    return added, [e for e in entries if e.code in existing]


async def add_one(database: Database, entry: CommuneEntry, villages: Sequence[str]) -> str:
    added, _ = await add_communes(database, [entry], villages)
    if not added:
        raise AdminError(f"A commune with code {entry.code} already exists. Add villages with "
                         f"'doithoai village add --commune {entry.code} --name …'.")
    count = len(clean_villages(list(villages)))
    where = f" ({entry.province_name})" if entry.province_name else ""
    tail = (f"with {count} villages." if count else
            f"with no villages yet: add them with 'doithoai village add --commune {entry.code} --name …'.")
    return f"Added commune {entry.code} {kind_word(entry.kind)} {entry.name}{where} {tail}"


async def add_province(database: Database, province_name: str, entries: Sequence[CommuneEntry]) -> str:
    added, existing = await add_communes(database, entries)
    kinds = Counter(kind_word(e.kind) for e in added)
    detail = f" ({', '.join(f'{n} {word}' for word, n in kinds.most_common())})" if added else ""
    text = f"Added {len(added)} communes of {province_name}{detail}; {len(existing)} were already there."
    return text + (" Add their villages with 'doithoai village add --commune CODE --name …'." if added else "")


async def add_villages(database: Database, commune_code: str, names: Sequence[str]) -> str:
    code, villages = normal_code(commune_code) or commune_code, clean_villages(list(names))
    if not villages:
        raise AdminError("Give at least one village (--name or --villages-file).")
    async with database.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code(code)
        if commune is None:
            raise AdminError(f"No commune with code {code}. Add it first with 'doithoai commune add --code {code}'.")
        added = await uow.repo.add_villages(commune.id, villages)
        await uow.commit()
    skipped = [v for v in villages if v not in added]
    text = f"Added {len(added)} villages to {code} {commune.name}" + (f": {', '.join(added)}" if added else "")
    return text + (f"; already there: {', '.join(skipped)}." if skipped else ".")


async def set_address(database: Database, commune_code: str, address: str) -> str:
    """The People's Committee's address, which the data notice names with the committee (the controller)."""
    code, address = normal_code(commune_code) or commune_code, normalise(address).replace("\n", " ")
    if not address or len(address) > 300:
        raise AdminError("Give the address as one line of at most 300 characters.")
    async with database.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code(code)
        if commune is None:
            raise AdminError(f"No commune with code {code}.")
        commune.address = address
        await uow.commit()
    return f"The address of {code} {kind_word(commune.kind)} {commune.name} is now: {address}"
