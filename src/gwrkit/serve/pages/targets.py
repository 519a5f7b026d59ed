"""Targets with their outcomes and verdicts: a table like Datasette's (filters, sorting,
pages, CSV and JSON of the same rows)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gwrkit import api
from gwrkit.core.errors import UsageError
from gwrkit.core.schema import VERDICTS, Attainment, exchanged, to_json
from gwrkit.serve.params import Level, Limit, Offset, Verdict, Year, table_page
from gwrkit.serve.respond import db, respond

router = APIRouter()


@router.get("/api/targets", tags=["targets"])
@router.get("/targets", include_in_schema=False)
def targets(
    request: Request, region: str | None = None, year: Year = None,
    indicator: str | None = None, level: Level = None, verdict: Verdict = None,
    sort: str | None = None, limit: Limit = None, offset: Offset = 0,
) -> Response:  # fmt: skip
    """Each target with its outcome and verdict, a page at a time (`limit`, `offset`;
    `next` is the offset of the next page), filtered by `verdict`, sorted by `sort`
    (a column, `-` before it for descending)."""
    rows = api.attainment(db(request), region or None, year, indicator or None, level or None)
    got = table_page(kept_rows(rows, verdict, sort), limit, offset)
    filters = {"region": region, "year": year, "indicator": indicator, "level": level,
               "verdict": verdict}  # fmt: skip
    return respond(
        request, "targets.html", {"targets": got.pop("rows"), **got},
        **filters, sort=sort, query=urlencode({k: v for k, v in filters.items() if v}),
        verdicts=VERDICTS, indicators=api.indicator_ids(),
    )  # fmt: skip


@router.get("/api/targets.csv", tags=["targets"])
@router.get("/targets.csv", include_in_schema=False)
def targets_csv(
    request: Request, region: str | None = None, year: Year = None,
    indicator: str | None = None, level: Level = None, verdict: Verdict = None,
    sort: str | None = None,
) -> Response:  # fmt: skip
    """The same table as CSV, every row that the filters keep."""
    rows = api.attainment(db(request), region or None, year, indicator or None, level or None)
    return Response(as_csv(kept_rows(rows, verdict, sort)), media_type="text/csv; charset=utf-8")


def kept_rows(
    rows: Sequence[Attainment], verdict: str | None, sort: str | None
) -> list[Attainment]:
    """The rows of a table like Datasette's: filtered by verdict, sorted by a column
    (``-year`` descending), empty cells last."""
    kept = [r for r in rows if not verdict or r.verdict == verdict]
    if sort:
        key = sort.lstrip("-")
        if key not in exchanged(Attainment):
            raise UsageError(f"cannot sort by {key!r}")
        present = [r for r in kept if getattr(r, key) is not None]
        absent = [r for r in kept if getattr(r, key) is None]
        present.sort(key=lambda r: getattr(r, key), reverse=sort.startswith("-"))
        kept = present + absent  # empty cells last, whichever the order
    return kept


def as_csv(rows: Sequence[Attainment]) -> str:
    """Rows as CSV text, with the record's columns."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(exchanged(Attainment)), lineterminator="\n")
    writer.writeheader()
    writer.writerows(to_json(r) for r in rows)
    return out.getvalue()
