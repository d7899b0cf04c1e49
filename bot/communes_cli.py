"""`doithoai commune add` (by official code, or every commune of a province), `doithoai commune address` and
`doithoai village add`.

The official list is read only here, inside the commands, so the bot's own start-up never loads it."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli_database import with_database

KINDS = ("xa", "phuong", "dac_khu")


def add_parsers(sub) -> None:
    commune = sub.add_parser("commune", help="manage communes").add_subparsers(dest="action", required=True)
    add = commune.add_parser("add", help="add a commune by its official code, or every commune of a province")
    add.add_argument("--code", help="the commune's code in the official list, e.g. 06421 (Xã Thiện Tân, Lạng Sơn)")
    add.add_argument("--name", help="override the official name; required for a code not in the list")
    add.add_argument("--type", choices=KINDS, help="override the kind: xa (xã), phuong (phường), dac_khu (đặc khu)")
    add.add_argument("--village", action="append", default=[], help="a village (thôn); repeat for each")
    add.add_argument("--villages-file", type=Path, help="a UTF-8 file with one village per line")
    add.add_argument("--province", help="with --all: the province's code (20) or name (Lạng Sơn)")
    add.add_argument("--all", action="store_true", help="add every commune of --province (again: adds none twice)")
    address = commune.add_parser("address", help="set the People's Committee's address (named in the data notice)")
    address.add_argument("--code", required=True, help="the commune's 5-digit code")
    address.add_argument("address", help="the headquarters' address, e.g. 'Thôn Bến Đá, xã Thiện Tân, tỉnh Lạng Sơn'")
    village = sub.add_parser("village", help="manage villages").add_subparsers(dest="action", required=True)
    vadd = village.add_parser("add", help="add villages to an existing commune")
    vadd.add_argument("--commune", required=True, help="the commune's 5-digit code")
    vadd.add_argument("--name", action="append", default=[], help="a village (thôn, tổ dân phố); repeat for each")
    vadd.add_argument("--villages-file", type=Path, help="a UTF-8 file with one village per line")


def _villages(names: list[str], file: Path | None) -> list[str]:
    return list(names) + (file.read_text(encoding="utf-8").splitlines() if file else [])


async def commune_command(args, settings) -> int:
    from bot import communes, official_list

    if args.all or args.province:
        extra = args.code or args.name or args.type or args.village or args.villages_file
        if not (args.all and args.province) or extra:
            return _usage("Use --province P --all on its own; add villages later with 'doithoai village add'.")
        province = official_list.province(args.province)
        if province is None:
            names = ", ".join(f"{p.code} {p.name}" for p in official_list.provinces())
            return _usage(f"No province {args.province!r} in the official list. The 34 provinces: {names}.")
        entries = official_list.communes_of(province)
        return await with_database(settings, lambda db: communes.add_province(db, province.name, entries))
    entry = _entry(args, official_list)
    if entry is None:
        return 2
    villages = _villages(args.village, args.villages_file)
    return await with_database(settings, lambda db: communes.add_one(db, entry, villages))


def _entry(args, official_list):
    """The commune to add: the listed one with any overrides, or an unlisted code with --name (warned)."""
    from dataclasses import replace

    from handlers.commune.kinds import CommuneKind
    from handlers.conversation.text import normalise

    code = official_list.normal_code(args.code or "")
    if code is None:
        _usage("Give the commune's code in the official list with --code (up to 5 digits, e.g. 06421), "
               "or add a whole province with --province P --all.")
        return None
    entry = official_list.commune(code)
    if entry is None and not args.name:
        _usage(f"No commune with code {code} in the official list ({official_list.version()}). Check the code, or "
               "give --name to add it anyway (a pilot or a test).")
        return None
    if entry is None:
        print(f"Warning: {code} is not in the official list ({official_list.version()}); adding it with the "
              "name given and no province.", file=sys.stderr)
        entry = official_list.CommuneEntry(code, "")
    if args.name:
        entry = replace(entry, name=normalise(args.name).replace("\n", " "))
    return replace(entry, kind=CommuneKind(args.type)) if args.type else entry


async def village_command(args, settings) -> int:
    from bot import communes

    villages = _villages(args.name, args.villages_file)
    return await with_database(settings, lambda db: communes.add_villages(db, args.commune, villages))


def _usage(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


COMMANDS = {"commune": commune_command, "village": village_command}
