"""Formulations (提法): every term of the stored reports by use, and one term's spread —
who used it first, and when against the first national report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from gwrkit import api
from gwrkit.serve.charts import timeline_chart
from gwrkit.serve.params import Limit, Offset
from gwrkit.serve.respond import db, respond
from gwrkit.serve.tables import table_page

router = APIRouter()
Term = Annotated[str, Path(min_length=1, max_length=40)]


@router.get("/api/phrases", tags=["formulations"])
@router.get("/phrases", include_in_schema=False)
def phrases(
    request: Request,
    min_reports: Annotated[int, Query(ge=1, le=100_000)] = 3,
    mentions: bool = False,
    limit: Limit = None,
    offset: Offset = 0,
) -> Response:
    """Formulations of the stored reports by the number of reports using them (those in
    at least `min_reports`), a page at a time; `mentions` counts lexicon terms used
    without quotation marks too."""
    rows = [c for c in api.phrase_counts(db(request), mentions) if c.reports >= min_reports]
    got = table_page(rows, limit, offset)
    data = {"phrases": got.pop("rows"), **got}
    return respond(request, "phrases.html", data, min_reports=min_reports, mentions=mentions)


@router.get("/api/phrases/{term}", tags=["formulations"])
@router.get("/phrases/{term}", include_in_schema=False)
def phrase(request: Request, term: Term, mentions: bool = False) -> Response:
    """One formulation: its lexicon entry (expansion, gloss) and each region's first use
    against the first national use."""
    rows = api.phrase_spread(term, db(request), mentions)
    entry = api.lexicon_entry(term)
    national = rows[0].national_year if rows else None
    data = {"term": term, "lexicon": entry, "spread": rows, "national_year": national}
    points = [(r.region, r.first_year, r.level == "national") for r in rows]
    chart = timeline_chart(points, national, f"{term}: first use by region")
    return respond(request, "phrase.html", data, chart=Markup(chart), mentions=mentions)
