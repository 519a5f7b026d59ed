"""The list of stored reports: a table like Datasette's (filters, sorting, pages, CSV
and JSON of the same rows)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from gwrkit import api
from gwrkit.core.schema import Report
from gwrkit.serve.params import Level, Limit, Offset, Year
from gwrkit.serve.respond import db, respond, wants_json
from gwrkit.serve.tables import as_csv, page_size, paged, sorted_rows

router = APIRouter()


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/reports", status_code=303)


@router.get("/api/reports", tags=["reports"])
@router.get("/reports", include_in_schema=False)
def reports(
    request: Request, level: Level = None, region: str | None = None, year: Year = None,
    sort: str | None = None, limit: Limit = None, offset: Offset = 0,
) -> Response:  # fmt: skip
    """Stored reports with counts of facts and targets, a page at a time (`limit`,
    `offset`; `next` is the offset of the next page), sorted by `sort` (a column, `-`
    before it for descending)."""
    store = db(request)
    size = page_size(limit)
    rows, total = api.reports_page(
        store, region=region or None, level=level or None, year=year, sort=sort, limit=size,
        offset=offset,
    )  # fmt: skip
    got = paged(rows, total, size, offset)
    filters = {"level": level, "region": region, "year": year}
    return respond(
        request, "reports.html", {"reports": got.pop("rows"), **got},
        **filters, sort=sort, query=urlencode({k: v for k, v in filters.items() if v}),
        regions=[] if wants_json(request) else api.stored_regions(store),
    )  # fmt: skip


@router.get("/api/reports.csv", tags=["reports"])
@router.get("/reports.csv", include_in_schema=False)
def reports_csv(
    request: Request, level: Level = None, region: str | None = None, year: Year = None,
    sort: str | None = None,
) -> Response:  # fmt: skip
    """The same table as CSV, every row that the filters keep."""
    rows = api.reports(db(request), region=region or None, level=level or None, year=year)
    return Response(
        as_csv(sorted_rows(rows, Report, sort), Report), media_type="text/csv; charset=utf-8"
    )
