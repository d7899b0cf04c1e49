"""What every clock shares: outbox rows that tell staff people of a commune about a deadline, each in their own
chat's language (their most recently used chat)."""
from __future__ import annotations

from typing import Any, Callable

from handlers.commune.words import kind_of
from handlers.conversation.i18n import Translator, translator

Render = Callable[[Translator], str]
Buttons = Callable[[Translator], list[list[list[str]]]]


async def rows_to(repo: Any, people: list[int], kind: str, commune_id: int, render: Render,
                  buttons: Buttons | None = None) -> list[dict[str, Any]]:
    """One outbox row per person who has a chat, in its language and the commune's words; a person without one is
    skipped."""
    rows, commune_kind = [], await kind_of(repo, commune_id)
    for person_id in dict.fromkeys(people):
        accounts = await repo.accounts_of(person_id)
        if accounts:
            a, t = accounts[0], translator(accounts[0].language, commune_kind)
            payload: dict[str, Any] = {"text": render(t)}
            if buttons:
                payload["buttons"] = buttons(t)
            rows.append({"bot_id": a.bot_id, "channel": a.channel, "chat_id": a.chat_id, "kind": kind,
                         "commune_id": commune_id, "payload": payload})
    return rows


class PassCache:
    """The repository for one clock pass: staff by role and a person's chats are read once per pass, not once per
    item (a pass may tell the same chair about thousands of items); everything else goes to the repository."""

    def __init__(self, repo: Any) -> None:
        self._repo, self._seen = repo, {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._repo, name)

    async def staff_with_role(self, commune_id: int, roles: list[str], department_code: str | None = None) -> Any:
        key = ("staff", commune_id, tuple(roles), department_code)
        if key not in self._seen:
            self._seen[key] = await self._repo.staff_with_role(commune_id, roles, department_code)
        return self._seen[key]

    async def accounts_of(self, person_id: int) -> Any:
        if ("accounts", person_id) not in self._seen:
            self._seen["accounts", person_id] = await self._repo.accounts_of(person_id)
        return self._seen["accounts", person_id]
