"""One indicator: a region's series of targets and outcomes, and the regions of a level
side by side in one year beside the national target."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from gwrkit import api
from gwrkit.core.schema import Comparison, SeriesPoint
from gwrkit.serve.charts import bar_chart, line_chart
from gwrkit.serve.params import Level, Measure, Year
from gwrkit.serve.respond import db, respond, wants_json

router = APIRouter()


@router.get("/api/indicator", tags=["targets"])
@router.get("/indicator", include_in_schema=False)
def indicator(
    request: Request, indicator: str = "gdp", region: str | None = None,
    year: Year = None, level: Level = None, measure: Measure = "growth",
) -> Response:  # fmt: skip
    """A region's series and a comparison of regions in one year."""
    data = view(db(request), indicator, region or None, year, level or None, measure)
    if wants_json(request):
        return respond(request, "", data)
    return respond(request, "indicator.html", data, **charts(data),
                   indicators=api.indicator_ids())  # fmt: skip


def default_place(db: api.Store) -> tuple[str | None, str]:
    """The region and comparison level a page shows when none is asked for: the national
    series beside the provinces when the collection has them, else the region with the
    most reports and its own level (never a region that is not stored)."""
    counts = api.stored_region_counts(db)
    if not counts:
        return None, "province"
    national = sorted(region for region, level, _n in counts if level == "national")
    if national:
        return national[0], "province"
    region, level, _n = counts[0]
    return region, level or "province"


def view(db: api.Store, ind: str, region: str | None, year: int | None, level: str | None,
         measure: str) -> dict[str, Any]:  # fmt: skip
    place, place_level = default_place(db) if region is None or level is None else (None, "")
    region = region if region is not None else place
    level = level if level is not None else place_level
    points: list[SeriesPoint] = []
    compared: list[Comparison] = []
    when = year
    if region is not None:  # else an empty collection
        points = api.series(ind, region, db, measure)
        years = [p.year for p in points if p.target_value is not None or p.target_low]
        when = year or (max(years) if years else None)
        compared = api.compare(when, ind, level, db, measure) if when else []
    return {"indicator": ind, "region": region, "measure": measure, "level": level,
            "year": when, "series": points, "compare": compared}  # fmt: skip


def _display_unit(units: Sequence[str | None]) -> str | None:
    """The unit a chart draws in: the one its values are most often stated in."""
    stated = [u for u in units if u]
    return Counter(stated).most_common(1)[0][0] if stated else None


def charts(data: dict[str, Any]) -> dict[str, Any]:
    """The series and the comparison, each drawn in one unit (46947万吨, 1.2万亿斤 and
    6.07亿吨 are not drawn on one axis as numbers): values are converted to the unit most
    of them are stated in, and one that cannot be converted is left out of the chart."""
    series: list[SeriesPoint] = data["series"]
    unit = _display_unit([p.target_unit for p in series] + [p.outcome_unit for p in series])
    pts = [
        (p.year, api.in_unit(api.target_middle(p), p.target_unit, unit),
         api.in_unit(p.outcome_value, p.outcome_unit, unit))
        for p in series
    ]  # fmt: skip
    compare: list[Comparison] = data["compare"]
    bar_unit = _display_unit([c.target_unit for c in compare])
    bars = [
        (c.region, api.in_unit(api.target_middle(c), c.target_unit, bar_unit))
        for c in compare
    ]  # fmt: skip
    national = None
    for c in compare:  # the national target, in the bars' unit
        if c.national_target is not None and c.target_unit in (bar_unit, None):
            national = c.national_target
            break
    label = f" ({unit})" if unit else ""
    title = f"{data['indicator']} ({data['measure']}) — {data['region']}{label}"
    bar_label = f" ({bar_unit})" if bar_unit else ""
    return {
        "unit": unit,
        "series_svg": Markup(line_chart(pts, title + ": target vs outcome", unit)),
        "compare_svg": Markup(
            bar_chart(
                bars,
                national,
                f"{data['level']} targets {data['year']} vs national{bar_label}",
                bar_unit,
            )
        ),
    }
