"""Targets with their outcomes and verdicts: a table like Datasette's (filters, sorting,
pages, CSV and JSON of the same rows)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from gwrkit import api
from gwrkit.core.schema import VERDICTS, Attainment
from gwrkit.serve.params import Level, Limit, Offset, Verdict, Year
from gwrkit.serve.respond import FastJSON, db, respond, wants_json
from gwrkit.serve.tables import as_csv, page_size, paged, sorted_rows

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
    size = page_size(limit)
    asked = (region or None, year, indicator or None, level or None, verdict or None, sort)
    if wants_json(request):  # the links' stored JSON, joined: no records made and encoded
        text, total = api.attainment_page_json(db(request), *asked, size, offset)
        got = paged([], total, size, offset)
        del got["rows"]
        return FastJSON({"targets": orjson.Fragment(text), **got})
    rows, total = api.attainment_page(db(request), *asked, size, offset)
    got = paged(rows, total, size, offset)
    filters = {"region": region, "year": year, "indicator": indicator, "level": level,
               "verdict": verdict}  # fmt: skip
    return respond(
        request, "targets.html", {"targets": got.pop("rows"), **got},
        **filters, sort=sort, query=urlencode({k: v for k, v in filters.items() if v}),
        verdicts=VERDICTS, indicators=api.indicator_ids(),
        regions=api.stored_regions(db(request)),
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
    return Response(
        as_csv(kept_rows(rows, verdict, sort), Attainment), media_type="text/csv; charset=utf-8"
    )


def kept_rows(
    rows: Sequence[Attainment], verdict: str | None, sort: str | None
) -> list[Attainment]:
    """The rows the verdict filter keeps, sorted by a column."""
    return sorted_rows([r for r in rows if not verdict or r.verdict == verdict], Attainment, sort)
