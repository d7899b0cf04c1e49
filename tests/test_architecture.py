"""The structure holds (docs/ARCHITECTURE.md, "Structure"): layers, feature folders and their routes, pure rules,
no import cycles, no private names across modules, the fakes apart. Every rule walks every subpackage."""
from __future__ import annotations

import ast
import importlib
import inspect
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("bot", "handlers", "storage", "fakes")
HANDLERS = ROOT / "handlers"
FEATURES = ("people", "commune", "questions", "sessions", "meeting", "conclusions", "invitations", "preparation",
            "publicity")
PURE = ("rules", "views", "buttons")  # what one feature may import from another (and anything of commune/)
FORBIDDEN_IN_HANDLERS = {"telegram", "aiohttp", "sqlalchemy", "asyncpg", "bot", "storage", "fakes"}


@dataclass(frozen=True)
class Import:
    module: str  # the module imported from, absolute ("handlers.questions.rules")
    names: tuple[str, ...]  # the names taken from it ("*" for a plain `import x`)
    line: int


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PRODUCT for p in sorted((ROOT / package).rglob("*.py"))}


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


@cache
def imports_of(path: Path) -> tuple[Import, ...]:
    """Every import in the file, at any depth (an import inside a function is a dependency too), except those only
    for type checkers; `from a import b` where a.b is a module counts as importing a.b."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                continue
            if isinstance(child, ast.Import):
                found.extend(Import(alias.name, ("*",), child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(package.split(".")[:len(package.split(".")) - child.level + 1] + ([base] if base else []))
                for alias in child.names:
                    sub = f"{base}.{alias.name}"
                    found.append(Import(sub, ("*",), child.lineno) if sub in modules() else
                                 Import(base, (alias.name,), child.lineno))
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return tuple(found)


def first_party(imported: str) -> str | None:
    """The product module an import resolves to (the longest known prefix), or None for a library."""
    parts = imported.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in modules():
            return ".".join(parts[:n])
    return None


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "handlers" and parts[1] in FEATURES else None


def handler_modules() -> list[tuple[str, Path]]:
    return [(name, path) for name, path in modules().items() if name.startswith("handlers")]


# --- layers -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, path", handler_modules(), ids=[name for name, _ in handler_modules()])
def test_handlers_import_no_transport_orm_runtime_or_fake(name, path):
    assert not {i.module.split(".")[0] for i in imports_of(path)} & FORBIDDEN_IN_HANDLERS


def test_the_fakes_are_separate_programs_that_import_nothing_of_the_product():
    offenders = [f"{name}:{i.line} {i.module}" for name, path in modules().items() if name.startswith("fakes")
                 for i in imports_of(path) if i.module.split(".")[0] in {"bot", "handlers", "storage"}]
    assert offenders == []


# --- rule 1: features are folders; dispatch imports only their ROUTES ----------------------------------------------
def test_every_feature_is_a_folder_with_its_routes_and_dispatch_joins_them_all():
    from handlers import dispatch

    for feature in FEATURES:
        routes = __import__(f"handlers.{feature}.routes", fromlist=["ROUTES"]).ROUTES
        assert set(routes.commands) <= set(dispatch.ROUTES.commands), feature
        assert set(routes.buttons) <= set(dispatch.ROUTES.buttons), feature
        assert set(routes.states) <= set(dispatch.ROUTES.states), feature


def test_dispatch_imports_only_the_kernel_and_each_features_routes():
    offenders = []
    for i in imports_of(modules()["handlers.dispatch"]):
        feature = feature_of(i.module)
        if feature and (i.module != f"handlers.{feature}.routes" or i.names != ("ROUTES",)):
            offenders.append(f"line {i.line}: {i.module} {i.names}")
    assert offenders == []


def test_only_dispatch_imports_a_features_routes():
    offenders = [f"{name}:{i.line}" for name, path in handler_modules() if name != "handlers.dispatch"
                 for i in imports_of(path) if i.module.endswith(".routes") and feature_of(i.module)
                 and feature_of(i.module) != feature_of(name)]
    assert offenders == []


# --- rule 1b: the route tables name their handlers lazily (an import by importlib is no import statement) --------------
def route_tables() -> dict[str, object]:
    """Each feature folder's ROUTES by folder name (the kernel's are its own functions)."""
    names = [name for name in modules() if name.startswith("handlers.") and name.endswith(".routes")
             and name != "handlers.conversation.routes"]
    return {name.split(".")[1]: importlib.import_module(name).ROUTES for name in names}


def handlers_of(routes) -> list[object]:
    return ([r.handler for r in routes.commands + routes.buttons + routes.texts + routes.events]
            + list(routes.handovers.values()))


def test_every_features_handler_is_named_lazily_by_a_module_of_its_own_folder():
    from handlers.conversation.routes import Later

    offenders = [f"{folder}: {handler!r}" for folder, routes in route_tables().items() for handler in handlers_of(routes)
                 if not isinstance(handler, Later) or handler.module not in modules()
                 or handler.module.split(".")[:2] != ["handlers", folder] or handler.module.endswith(".routes")]
    assert route_tables() and offenders == []


def test_every_lazy_handler_resolves_to_an_async_function_that_exists():
    offenders = []
    for folder, routes in route_tables().items():
        for handler in handlers_of(routes):
            function = getattr(importlib.import_module(handler.module), handler.name, None)
            if not inspect.iscoroutinefunction(function):
                offenders.append(f"{folder}: {handler.module}.{handler.name} is {function!r}")
            elif handler.resolve() is not function:
                offenders.append(f"{folder}: {handler.module}.{handler.name} resolves elsewhere")
    assert offenders == []


def test_a_lazy_reference_to_a_missing_handler_fails_when_resolved():
    from handlers.conversation.routes import later

    with pytest.raises(AttributeError):
        later("handlers.questions.asking", "no_such_handler").resolve()


# --- rules 2 and 3: across features only pure modules and commune/; the kernel imports no feature ------------------
def test_a_feature_imports_from_another_only_its_pure_modules_or_the_commune():
    offenders = []
    for name, path in handler_modules():
        mine = feature_of(name)
        for i in imports_of(path):
            theirs = feature_of(i.module)
            if mine and theirs and theirs not in (mine, "commune") and i.module.rsplit(".", 1)[-1] not in PURE:
                offenders.append(f"{name}:{i.line} imports {i.module}")
    assert offenders == []


def test_the_conversation_kernel_imports_no_feature():
    offenders = [f"{name}:{i.line} imports {i.module}" for name, path in handler_modules()
                 if name.startswith("handlers.conversation") for i in imports_of(path)
                 if feature_of(i.module) or i.module == "handlers.dispatch"]
    assert offenders == []


PURE_MODULES = [(name, path) for name, path in handler_modules() if name.rsplit(".", 1)[-1] in PURE]


@pytest.mark.parametrize("name, path", PURE_MODULES, ids=[name for name, _ in PURE_MODULES])
def test_rules_views_and_button_kinds_are_pure(name, path):
    """No await, no coroutine, no repository or context: data in, data out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    io = [type(node).__name__ for node in ast.walk(tree)
          if isinstance(node, (ast.Await, ast.AsyncFunctionDef, ast.AsyncFor, ast.AsyncWith))]
    impure = [i.module for i in imports_of(path)
              if i.module in ("handlers.conversation.context", "handlers.conversation.ports")]
    assert io == [] and impure == []


# --- rule 4: role gates on the routes, checked in dispatch ----------------------------------------------------------
def test_role_refusals_are_said_by_the_gates_on_the_routes_not_by_handlers():
    """A handler that refused by role itself would be a second, drifting copy of a route's gate."""
    from handlers import dispatch

    routes = dispatch.ROUTES.commands + dispatch.ROUTES.buttons + dispatch.ROUTES.texts
    refusals = {text for route in routes if route.gate for text in (route.gate.refusal, route.gate.residents_refusal)
                if text}
    offenders = []
    for name, path in handler_modules():
        if name == "handlers.conversation.access":  # membership()'s last-resort refusal
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("t", "gettext") \
                    and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value in refusals:
                offenders.append(f"{name}:{node.lineno}")
    assert refusals and offenders == []


# --- rule 6: no private names across modules, no import cycles ----------------------------------------------------
def test_no_private_name_is_imported_from_another_module():
    offenders = [f"{name}:{i.line} {i.module}.{n}" for name, path in modules().items() for i in imports_of(path)
                 if first_party(i.module) for n in i.names if n.startswith("_") and not n.startswith("__")]
    assert offenders == []


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in modules()}
    for name, path in modules().items():
        for i in imports_of(path):
            target = first_party(i.module)
            if target and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_in_the_product():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# --- rule 7: models are a package, one module per feature --------------------------------------------------------
def test_storage_models_are_a_package_whose_modules_import_only_the_base():
    models = {name: path for name, path in modules().items() if name.startswith("storage.models.")}
    assert "storage.models.base" in models and len(models) > 3
    offenders = [f"{name} imports {i.module}" for name, path in models.items() for i in imports_of(path)
                 if i.module.startswith("storage") and i.module != "storage.models.base"]
    assert offenders == []


# --- once, not per adapter ----------------------------------------------------------------------------------------
def test_the_apology_for_the_unexpected_and_the_per_chat_lock_are_written_once():
    def holders(needle: str) -> list[str]:
        return [name for name, path in modules().items() if needle in path.read_text(encoding="utf-8")]

    assert holders("something went wrong on our side") == ["bot.dispatching"]
    assert holders("lock._waiters") == ["bot.dispatching"]


# --- tests -------------------------------------------------------------------------------------------------------
def test_no_test_module_imports_another_test_module():
    """Shared people, sessions and waits live in tests/fixtures.py and the harnesses, not in test modules."""
    offenders = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests.test_"):
                offenders.append(f"{path.name}:{node.lineno} {node.module}")
    assert offenders == []


# --- size ---------------------------------------------------------------------------------------------------------
def test_modules_stay_small():
    long = [(name, n) for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400]
    assert long == []


def test_the_product_reads_its_own_copy_of_the_bot_api_spec():
    offenders = [name for name, path in modules().items() if "../shared" in path.read_text(encoding="utf-8")]
    assert offenders == []
