"""`doithoai policy list|set --commune CODE [KEY VALUE] [--basis TEXT]`: a commune's policy values with their legal
basis; a change is checked as in the bot and audited (policy_audit)."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.cli_database import cli_actor, with_database


def add_parsers(sub) -> None:
    policy = sub.add_parser("policy", help="a commune's policy values and their legal basis").add_subparsers(
        dest="action", required=True)
    listing = policy.add_parser("list", help="every value with its basis")
    listing.add_argument("--commune", required=True, help="the commune's 5-digit code")
    change = policy.add_parser("set", help="change one value (checked against its legal bounds; audited)")
    change.add_argument("--commune", required=True, help="the commune's 5-digit code")
    change.add_argument("--basis", help="the basis of the new value, e.g. 'Kế hoạch số 12/KH-UBND ngày 05/01/2027' "
                                        "(default: keep the one recorded)")
    change.add_argument("key", help="the value's name, as 'policy list' shows it (e.g. petition.voter_count)")
    change.add_argument("value", help="the new value")


async def policy_command(args, settings) -> int:
    if args.action == "list":
        return await with_database(settings, lambda db: list_policy(db, args.commune))
    return await with_database(settings, lambda db: set_policy(db, args.commune, args.key, args.value, args.basis,
                                                               cli_actor()))


async def _commune(uow, code: str):
    from bot.admin import AdminError

    commune = await uow.repo.commune_by_code(code)
    if commune is None:
        raise AdminError(f"No commune with code {code}.")
    return commune


async def list_policy(database, code: str) -> str:
    from handlers.commune.policy_change import policy_table
    from handlers.commune.policy_values import label
    from handlers.conversation.i18n import translator

    async with database.unit_of_work() as uow:
        commune = await _commune(uow, code)
        table = await policy_table(uow.repo, commune.id)
    t = translator("vi", commune.kind)  # a ward's labels read "phường"
    lines = [f"Policy values of {commune.name} ({code}):"]
    for key, (value, basis) in table.items():
        lines += [f"{key} = {value}", f"    {label(key, t)}", f"    Căn cứ: {basis}"]
    return "\n".join(lines)


async def set_policy(database, code: str, key: str, value: str, basis: str | None, actor: str) -> str:
    from bot.admin import AdminError
    from handlers.commune.policy_change import change_policy
    from handlers.conversation.errors import DomainError
    from handlers.conversation.i18n import translator
    from handlers.conversation.text import normalise

    async with database.unit_of_work() as uow:
        commune = await _commune(uow, code)
        try:
            change = await change_policy(uow.repo, commune.id, key, normalise(value), translator("en"), actor=actor,
                                         actor_person_id=None, now=datetime.now(timezone.utc),
                                         basis=normalise(basis) if basis is not None else None)
        except DomainError as error:
            raise AdminError(f"{key}: {error.message}") from None
        await uow.commit()
    return f"{commune.name} ({code}): {key} {change.old} → {change.new} (basis: {change.basis}). Audited."


COMMANDS = {"policy": policy_command}
