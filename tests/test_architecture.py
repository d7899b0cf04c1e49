"""The layers hold: handlers/ speak events and replies, and import no transport, ORM or runtime."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"telegram", "aiohttp", "sqlalchemy", "bot", "storage", "asyncpg"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", sorted((ROOT / "handlers").glob("*.py")), ids=lambda p: p.name)
def test_handlers_import_no_transport_orm_or_runtime(path):
    assert not imported_roots(path) & FORBIDDEN


def test_modules_stay_small():
    long = [(p.relative_to(ROOT), n) for p in ROOT.glob("[bhs]*/**/*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert long == []


def test_the_product_reads_its_own_copy_of_the_bot_api_spec():
    offenders = [p for p in ROOT.glob("[bhs]*/**/*.py") if "../shared" in p.read_text(encoding="utf-8")]
    assert offenders == []
