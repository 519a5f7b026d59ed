"""The package follows the data's path, and the layers only call to their left (issue 11):
a stage never imports one to its right; only ``api``, ``pipeline`` and the stages
themselves import ``store`` or ``extract``; ``serve`` and ``cli`` go through ``api`` and the
schema; no ``dict[str, Any]`` crosses the ``api`` boundary."""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

import pytest

from gwrkit import api

SRC = Path(api.__file__).parent

# the stages in order; a module may import its own stage and those before it
ORDER = ("core", "ingest", "structure", "extract", "link", "evaluate", "store")
UPPER = {
    "exports": ("core",),
    "pipeline": ("core", "ingest", "structure", "extract", "link", "store"),
}
FACADE = ("api", "core.schema", "core.errors", "core.extras")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """The gwrkit modules a file imports (``gwrkit.x.y`` → ``x.y``)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gwrkit"):
            base = node.module.removeprefix("gwrkit").lstrip(".")
            if base:
                out.add(base)
            else:  # from gwrkit import api
                out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(
                a.name.removeprefix("gwrkit.") for a in node.names if a.name.startswith("gwrkit.")
            )
    return out


MODULES = {_module(p): _imports(p) for p in sorted(SRC.rglob("*.py"))}


def _stage(name: str) -> str:
    return name.split(".", 1)[0]


def test_the_table_of_modules_is_real() -> None:
    assert {"api", "pipeline", "core.schema", "serve.app", "cli.reading"} <= set(MODULES)
    assert "store.catalog" in MODULES["pipeline"]  # the test reads imports as they are


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _stage(n) in ORDER))
def test_a_stage_imports_only_stages_to_its_left(name: str) -> None:
    allowed = ORDER[: ORDER.index(_stage(name)) + 1]
    bad = sorted(m for m in MODULES[name] if _stage(m) not in allowed)
    assert not bad, f"{name} imports {bad}, to its right"


@pytest.mark.parametrize("name", sorted(UPPER))
def test_upper_modules_import_only_what_they_run(name: str) -> None:
    bad = sorted(m for m in MODULES[name] if _stage(m) not in UPPER[name])
    assert not bad, f"{name} imports {bad}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _stage(n) in ("serve", "cli")))
def test_serve_and_cli_go_through_the_api(name: str) -> None:
    own = _stage(name)
    starts = ("serve.app",) if own == "cli" else ()  # gwrkit serve starts the app
    bad = sorted(m for m in MODULES[name] if _stage(m) != own and m not in FACADE + starts)
    assert not bad, f"{name} reaches around the api into {bad}"


def test_only_the_pipeline_and_the_api_import_store_and_extract() -> None:
    allowed = {"api", "pipeline", "store", "extract"}
    for name, imports in MODULES.items():
        if _stage(name) in allowed:
            continue
        bad = sorted(m for m in imports if _stage(m) in ("store", "extract"))
        assert not bad, f"{name} imports {bad}"


def _loose(hint: object) -> bool:
    """Is ``hint`` (or a part of it) a dict of Any?"""
    if typing.get_origin(hint) is dict and typing.get_args(hint)[1:] == (typing.Any,):
        return True
    return any(_loose(arg) for arg in typing.get_args(hint))


@pytest.mark.parametrize("name", sorted(api.__all__))
def test_no_loose_dict_crosses_the_api(name: str) -> None:
    """Records, not database rows: what api functions take and give is declared.  The two
    JSON helpers (document_to_dict, fact_to_dict) give JSON by design."""
    obj = getattr(api, name)
    if not inspect.isfunction(obj) or name in ("document_to_dict", "fact_to_dict", "to_json"):
        return
    hints = typing.get_type_hints(obj)
    loose = sorted(k for k, v in hints.items() if _loose(v))
    assert not loose, f"api.{name}: {loose} is dict[str, Any]"


def test_a_loose_dict_is_seen() -> None:
    assert _loose(dict[str, typing.Any]) and _loose(list[dict[str, typing.Any]])
    assert not _loose(dict[str, int]) and not _loose(list[api.Fact])
