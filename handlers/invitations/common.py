"""What every invitations handler needs: the staffer's session, the list's names as this staffer may see them, the
rows of a page. Handlers of this feature only."""
from __future__ import annotations

from typing import Any

from handlers.commune.words import kind_of
from handlers.conversation.access import IDENTITY, Role
from handlers.conversation.context import Context
from handlers.conversation.errors import NotFound
from handlers.invitations.rules import RESIDENTS
from handlers.invitations.views import LABELS, who
from handlers.sessions.views import title_of

NAMES = IDENTITY | {Role.SUPPORT}  # residents' names: the chair, the secretary and the support team
PAGE_SIZE = 8


async def staff_session(ctx: Context, session_id: int, lock: bool = False) -> Any:
    """A session of the staffer's commune; NotFound otherwise."""
    session = await (ctx.repo.lock_session(session_id) if lock else ctx.repo.get_session(session_id))
    if session is None or session.commune_id not in {m.commune_id for m in ctx.staff}:
        raise NotFound(ctx.t("That session was not found."))
    return session


async def session_title(ctx: Context, session: Any) -> str:
    return f"#{session.id} {title_of(session, ctx.t, await kind_of(ctx.repo, session.commune_id))}"


async def labeller(ctx: Context, rows: list[Any]) -> Any:
    """A function naming a row as this staffer may see it: a resident's name only for NAMES, else their category
    and village."""
    ids = [r.person_id for r in rows if r.person_id]
    people = await ctx.repo.people(ids) if ids else {}
    names = {pid: p.full_name for pid, p in people.items()}
    villages = await ctx.repo.village_names(rows[0].commune_id) if rows else {}
    identity = bool(NAMES & ctx.roles)

    def label(row: Any) -> str:
        if row.category in RESIDENTS and not identity:
            place = villages.get(row.village_id or 0, "")
            return ctx.t(LABELS[row.category]) + (f" ({place})" if place else "")
        return who(row, names, villages)
    return label


def page_of(rows: list[Any], page: int) -> tuple[list[Any], int]:
    """The rows of a page and the last page's number."""
    last = max(0, (len(rows) - 1) // PAGE_SIZE)
    page = min(page, last)
    return rows[page * PAGE_SIZE:(page + 1) * PAGE_SIZE], last
