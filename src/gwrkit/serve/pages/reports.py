"""The list of stored reports."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from gwrkit import api
from gwrkit.serve.params import Level, Year
from gwrkit.serve.respond import db, respond

router = APIRouter()


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/reports", status_code=303)


@router.get("/api/reports", tags=["reports"])
@router.get("/reports", include_in_schema=False)
def reports(
    request: Request, level: Level = None, region: str | None = None, year: Year = None
) -> Response:
    """Stored reports with counts of facts and targets."""
    rows = api.reports(db(request), region=region or None, level=level or None, year=year)
    return respond(request, "reports.html", {"reports": rows}, level=level, region=region,
                   year=year)  # fmt: skip
