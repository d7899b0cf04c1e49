"""A database error never carries the statement's parameters (names, phones) into logs or error text."""
from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from storage.db import Database, make_engine
from storage.models import Commune, Person

MARKER_NAME = "Nguyễn Văn Bímật"
MARKER_PHONE = "+84912000777"


async def _fail_with_personal_data(database: Database, engine_name: str) -> IntegrityError:
    """A foreign-key violation whose parameters hold a name and a phone, on the main engine or the chat locks' one."""
    bad_commune = 987654321  # no such commune: PostgreSQL's own message names only the key, not the row
    statement = insert(Person).values(commune_id=bad_commune, full_name=MARKER_NAME, phone=MARKER_PHONE)
    with pytest.raises(IntegrityError) as caught:
        if engine_name == "main":
            async with database.unit_of_work() as uow:
                await uow.session.execute(statement)
        else:
            async with database.locks.begin() as connection:
                await connection.execute(statement)
    return caught.value


@pytest.mark.parametrize("engine_name", ["main", "locks"])
async def test_a_database_error_does_not_log_the_statements_parameters(db, database_url, caplog, engine_name):
    database = Database(make_engine(database_url))
    try:
        error = await _fail_with_personal_data(database, engine_name)
        logging.getLogger("bot.test").error("unit of work failed", exc_info=error)
    finally:
        await database.dispose()
    assert "commune_id" in str(error)  # the error still says what went wrong
    for marker in (MARKER_NAME, MARKER_PHONE):
        assert marker not in str(error)
        assert marker not in caplog.text
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Person.id)) is None  # and nothing was written
        assert await uow.session.scalar(select(Commune.id)) is None


def test_every_engine_the_product_builds_hides_parameters():
    """Each create_async_engine call in bot/, handlers/ and storage/ (migrations too) passes hide_parameters=True."""
    root = Path(__file__).resolve().parent.parent
    calls = {}
    for path in (path for folder in ("bot", "handlers", "storage") for path in (root / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == \
                    "create_async_engine":
                hides = any(k.arg == "hide_parameters" and getattr(k.value, "value", None) is True
                            for k in node.keywords)
                calls[f"{path.relative_to(root)}:{node.lineno}"] = hides
    assert calls and all(calls.values()), calls
