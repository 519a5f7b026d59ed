"""Parent against children: a parent's target beside its children's targets and
outcomes for one indicator and year, each dot linked to its sentence."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from gwrkit import api
from gwrkit.serve.charts import dot_plot
from gwrkit.serve.params import Measure
from gwrkit.serve.respond import db, respond

router = APIRouter()


@router.get("/api/hierarchy", tags=["targets"])
@router.get("/hierarchy", include_in_schema=False)
def hierarchy(
    request: Request,
    indicator: str = "gdp",
    year: int = Query(2025, ge=1949, le=2100),
    parent: str | None = None,
    measure: Measure = "growth",
) -> Response:
    """Each stored region's target and outcome beside its parent's (the 加码), and per
    parent the share of children setting a higher target and meeting their own."""
    store = db(request)
    rows = api.hierarchy(indicator, year, store, parent or None, measure)
    summary = api.hierarchy_summary(indicator, year, store, parent or None, measure)
    data = {"indicator": indicator, "year": year, "measure": measure, "summary": summary,
            "rows": rows}  # fmt: skip
    charts = []
    for s in summary:
        mine = [r for r in rows if r.parent_code == s.parent_code]
        dots = [
            (r.child_region, r.child_target, r.child_outcome,
             f"/reports/{r.child_report_id}#fact-{r.child_fact_id}" if r.child_fact_id else None)
            for r in mine
        ]  # fmt: skip
        title = f"{s.parent_region} {s.parent_target}: children's targets (●) and outcomes (○)"
        charts.append(Markup(dot_plot(dots, s.parent_target, title)))
    return respond(request, "hierarchy.html", data, charts=charts, parent=parent,
                   indicators=api.indicator_ids())  # fmt: skip
