"""``gwrkit regions``: the division table, as of a year."""

from __future__ import annotations

import dataclasses
import json

import click

from gwrkit import api
from gwrkit.cli import FORMATS, cli
from gwrkit.cli.output import emit


@cli.command("regions")
@click.argument("name")
@click.option("--year", type=click.IntRange(1949, 2100), help="Only the divisions in use then.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def regions_command(name: str, year: int | None, fmt: str) -> None:
    """Look up a division by NAME (full, official or short): its code, level, years in use,
    parent chain, predecessors and successors.

    Example: gwrkit regions 徐水县 --year 2010
    """
    found = api.regions(name, year)
    if fmt == "csv":
        flat = [
            {"code": r.code, "full_name": r.full_name, "level": r.level, "years": r.years,
             "parents": " < ".join(f"{n} {c}" for c, n, _lv in r.parents)}
            for r in found
        ]  # fmt: skip
        emit(flat, fmt, ("code", "full_name", "level", "years", "parents"))
        return
    if fmt == "json":
        rows = [dataclasses.asdict(r) for r in found]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in found:
        parents = " < ".join(f"{n} {c}" for c, n, _lv in r.parents) or "-"
        click.echo(f"{r.code}  {r.full_name}  {r.level}  {r.years}")
        click.echo(f"    parents: {parents}")
        for label, links in (("was", r.predecessors), ("became", r.successors)):
            for code, full, years in links:
                click.echo(f"    {label}: {code} {full} ({years})")
