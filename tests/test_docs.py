"""Docs that tests keep honest (issue 11): every CLI command and each of its options is in
docs/cli.md, and every route of the web app is in docs/web.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from fastapi.routing import APIRoute

from gwrkit.cli import cli
from gwrkit.serve.app import create_app

DOCS = Path(__file__).resolve().parent.parent / "docs"
CLI_DOC = (DOCS / "cli.md").read_text(encoding="utf-8")
WEB_DOC = (DOCS / "web.md").read_text(encoding="utf-8")


def test_the_commands_are_real() -> None:
    assert {"parse", "extract", "ingest", "targets", "serve"} <= set(cli.commands)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_and_option_is_documented(name: str) -> None:
    command = cli.commands[name]
    assert f"gwrkit {name}" in CLI_DOC, f"docs/cli.md does not name `gwrkit {name}`"
    for param in command.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            assert longest in CLI_DOC, f"docs/cli.md: gwrkit {name} {longest} is undocumented"


def _paths(routes: list[Any]) -> set[str]:
    out: set[str] = set()
    for r in routes:
        if isinstance(r, APIRoute):
            out.add(r.path)
        inner = getattr(r, "original_router", None)  # a router included whole
        if inner is not None:
            out |= _paths(list(inner.routes))
    return out


def _routes(tmp: Path) -> list[str]:
    return sorted(_paths(list(create_app(str(tmp / "docs.db")).routes)))


def test_every_route_is_documented(tmp_path: Path) -> None:
    routes = _routes(tmp_path)
    assert "/api/targets" in routes and "/reports/{rid}" in routes
    missing = [r for r in routes if r.replace("{rid}", "{id}").replace("{fid}", "{id}")
               not in WEB_DOC]  # fmt: skip
    assert not missing, f"docs/web.md does not name {missing}"
