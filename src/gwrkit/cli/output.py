"""Writing rows to stdout in the three formats every tabular command shares: a table for
people, JSON with the schema's field names, CSV with the same columns."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

import click

from gwrkit.core.schema import to_json


def as_row(record: object) -> dict[str, Any]:
    """A record (or a dict) as a plain row."""
    return dict(record) if isinstance(record, dict) else to_json(record)


PROVENANCE = ("target_report", "target_quote", "outcome_report", "outcome_quote")
CELL_CHARS = 40


def emit(
    records: Sequence[object],
    fmt: str,
    columns: Sequence[str],
    provenance: bool = False,
    wide: bool = False,
) -> None:
    """Rows as JSON, CSV or a table.  With ``provenance`` the CSV carries the reports and
    quotes of each row, and the table a compact `source` column (the quotes too with
    ``wide``): every number can be traced to its sentence in every format."""
    rows = [as_row(r) for r in records]
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=1, default=str))
    elif fmt == "csv":
        fields = [*columns, *(PROVENANCE if provenance else ())]
        w = csv.DictWriter(
            sys.stdout, fieldnames=fields, extrasaction="ignore", lineterminator="\n"
        )
        w.writeheader()
        w.writerows(rows)
    else:
        if provenance:
            rows = [{**r, "source": _source(r)} for r in rows]
            columns = [*columns, *(("target_quote", "outcome_quote") if wide else ()), "source"]
        limit = None if wide else CELL_CHARS
        cells = [[_cut(_cell(r.get(c)), limit) for c in columns] for r in rows]
        widths = [
            max([_width(c), *(_width(row[i]) for row in cells)]) for i, c in enumerate(columns)
        ]
        click.echo("  ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True)))
        for row in cells:
            click.echo("  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)))
        click.echo(f"({len(rows)} rows)")


def _source(row: dict[str, Any]) -> str:
    """target report → outcome report, by file name."""
    names = [str(row[k]) for k in ("target_report", "outcome_report") if row.get(k)]
    return " → ".join(names) if names else "—"


def _cut(text: str, limit: int | None) -> str:
    """A cell cut to ``limit`` characters, with an ellipsis where it was cut."""
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cell(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)
