"""What each page and its JSON twin show, built from :mod:`gwrkit.api` calls."""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from typing import Any

from markupsafe import Markup

from gwrkit import api
from gwrkit.core.errors import UsageError
from gwrkit.extract.indicators import indicators
from gwrkit.link.series import in_unit
from gwrkit.serve.charts import bar_chart, line_chart
from gwrkit.serve.reader import render_paragraphs
from gwrkit.store.database import Database

FACT_KEYS = ("id", "indicator", "metric", "measure", "status", "period", "value", "low",
             "high", "unit", "base_value", "base_unit", "modifier", "stretch", "direction",
             "span_start", "span_end", "quote", "role", "sentence", "rule", "rules_version",
             "headline")  # fmt: skip


def as_written(value: Any) -> Any:
    """A number as a report writes it: 43110 not 43110.0, 5.2 not 5.2000001; None as —."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10g}"
    return value


def indicator_ids() -> list[str]:
    return sorted(indicators())


def reports(
    db: Database, level: str | None, region: str | None, year: int | None
) -> list[dict[str, Any]]:
    return api.reports(db, level=level, region=region, year=year)


def _fact(f: dict[str, Any]) -> dict[str, Any]:
    out = {k: f.get(k) for k in FACT_KEYS}
    out["stretch"] = bool(out["stretch"])
    out["headline"] = bool(out["headline"])
    return out


def report_json(db: Database, rid: int) -> dict[str, Any]:
    d = api.report_detail(rid, db)
    report = dict(d["report"])
    text = report.pop("original")
    return {
        "report": report,
        "text": text,
        "sections": d["sections"],
        "paragraphs": d["paragraphs"],
        "sentences": d["sentences"],
        "facts": [_fact(f) for f in d["facts"]],
    }


def reader(db: Database, rid: int) -> dict[str, Any]:
    d = api.report_detail(rid, db)
    report = d["report"]
    facts = d["facts"]
    headings = {s["idx"]: s for s in d["sections"]}
    first_para: dict[int, int] = {}
    for p in d["paragraphs"]:
        if p.get("section") is not None:
            first_para.setdefault(int(p["section"]), int(p["idx"]))
    shown = []
    for p in d["paragraphs"]:  # a heading that opens its paragraph is shown once, as heading
        sec = p.get("section")
        head = headings[sec] if sec is not None and first_para.get(int(sec)) == p["idx"] else None
        if head is not None and p["span_start"] == head["span_start"] < head["span_end"]:
            cut = int(head["span_end"])
            if report["original"][cut : cut + 1] in ("。", ".", "；", ";", "：", ":"):
                cut += 1  # the heading's own full stop
            p = {**p, "span_start": min(cut, int(p["span_end"]))}
        shown.append(p)
    paragraphs = render_paragraphs(
        report["original"], shown, d["sentences"], facts, report["format"] == "html"
    )
    section_of = {p["idx"]: p.get("section") for p in d["paragraphs"]}
    spans = {p["idx"]: (p["span_start"], p["span_end"]) for p in d["paragraphs"]}
    for p in paragraphs:
        sec = section_of.get(p["idx"])
        head = headings[sec] if sec is not None and first_para.get(int(sec)) == p["idx"] else None
        p["heading"] = head
        # the heading line is its own paragraph: show it once, as the heading
        p["is_heading"] = (
            head is not None
            and spans[p["idx"]][0] >= head["span_start"]
            and (spans[p["idx"]][1] <= head["span_end"] + 1)
        )
    headline = [_fact(f) for f in facts if f["headline"]]
    meta = {k: v for k, v in report.items() if k != "original"}
    meta["rules_version"] = facts[0]["rules_version"] if facts else None
    return {
        "report": meta,
        "paragraphs": paragraphs,
        "headline": headline,
        "facts": {str(f["id"]): _fact(f) for f in facts},
    }


def fact(db: Database, fid: int) -> dict[str, Any]:
    from gwrkit.core.errors import NotFoundError
    from gwrkit.store.catalog import fact_by_id

    f = fact_by_id(db, fid)
    if f is None:
        raise NotFoundError(f"no fact with id {fid}")
    return {**_fact(f), "report_id": f["report_id"], "report_name": f["report_name"],
            "report_region": f["report_region"], "report_year": f["report_year"]}  # fmt: skip


def targets(db: Database, region: str | None, year: int | None, indicator: str | None,
            level: str | None) -> list[dict[str, Any]]:  # fmt: skip
    return [a.as_dict() for a in api.attainment(db, region, year, indicator, level)]


PAGE_SIZE = 200
MAX_PAGE = 2000


def table_page(
    rows: list[dict[str, Any]],
    verdict: str | None,
    sort: str | None,
    limit: int | None,
    offset: int,
) -> dict[str, Any]:
    """A page of a table like Datasette's: rows filtered by verdict, sorted by a column
    (``-year`` descending), ``limit`` rows from ``offset``, the total and the next offset."""
    if verdict:
        rows = [r for r in rows if r.get("verdict") == verdict]
    if sort:
        key = sort.lstrip("-")
        if rows and key not in rows[0]:
            raise UsageError(f"cannot sort by {key!r}")
        present = [r for r in rows if r.get(key) is not None]
        absent = [r for r in rows if r.get(key) is None]
        present.sort(key=lambda r: r[key], reverse=sort.startswith("-"))
        rows = present + absent  # empty cells last, whichever the order
    size = min(limit or PAGE_SIZE, MAX_PAGE)
    shown = rows[offset : offset + size]
    nxt = offset + size if offset + size < len(rows) else None
    return {"rows": shown, "total": len(rows), "offset": offset, "limit": size, "next": nxt}


def as_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV text, the columns of the first row."""
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


def default_place(db: Database) -> tuple[str | None, str]:
    """The region and comparison level a page shows when none is asked for: the national
    series beside the provinces when the collection has them, else the region with the
    most reports and its own level (never a region that is not stored)."""
    rows = [r for r in api.reports(db) if r["region"]]
    if not rows:
        return None, "province"
    national = [r for r in rows if r["level"] == "national"]
    if national:
        return str(national[0]["region"]), "province"
    counts = Counter((r["region"], r["level"]) for r in rows)
    (region, level), _n = counts.most_common(1)[0]
    return str(region), str(level or "province")


def indicator(db: Database, ind: str, region: str | None, year: int | None, level: str | None,
              measure: str) -> dict[str, Any]:  # fmt: skip
    place, place_level = default_place(db) if region is None or level is None else (None, "")
    region = region if region is not None else place
    level = level if level is not None else place_level
    if region is None:  # an empty collection
        return {"indicator": ind, "region": None, "measure": measure, "level": level,
                "year": year, "series": [], "compare": []}  # fmt: skip
    points = [p.as_dict() for p in api.series(ind, region, db, measure)]
    years = [p["year"] for p in points if p["target_value"] is not None or p["target_low"]]
    when = year or (max(years) if years else None)
    compared = [c.as_dict() for c in api.compare(when, ind, level, db, measure)] if when else []
    return {"indicator": ind, "region": region, "measure": measure, "level": level,
            "year": when, "series": points, "compare": compared}  # fmt: skip


def _middle(p: dict[str, Any]) -> float | None:
    if p.get("target_value") is not None:
        return float(p["target_value"])
    if p.get("target_low") is not None and p.get("target_high") is not None:
        return (float(p["target_low"]) + float(p["target_high"])) / 2
    return None


def _display_unit(units: list[str | None]) -> str | None:
    """The unit a chart draws in: the one its values are most often stated in."""
    stated = [u for u in units if u]
    return Counter(stated).most_common(1)[0][0] if stated else None


def indicator_charts(data: dict[str, Any]) -> dict[str, Any]:
    """The series and the comparison, each drawn in one unit (46947万吨, 1.2万亿斤 and
    6.07亿吨 are not drawn on one axis as numbers): values are converted to the unit most
    of them are stated in, and one that cannot be converted is left out of the chart."""
    series = data["series"]
    unit = _display_unit(
        [p.get("target_unit") for p in series] + [p["outcome_unit"] for p in series]
    )
    pts = [
        (p["year"], in_unit(_middle(p), p.get("target_unit"), unit),
         in_unit(p["outcome_value"], p["outcome_unit"], unit))
        for p in series
    ]  # fmt: skip
    compare = data["compare"]
    bar_unit = _display_unit([c.get("target_unit") for c in compare])
    bars = [(c["region"], in_unit(_middle(c), c.get("target_unit"), bar_unit)) for c in compare]
    national = None
    for c in compare:  # the national target, in the bars' unit
        if c["national_target"] is not None and c.get("target_unit") in (bar_unit, None):
            national = c["national_target"]
            break
    label = f" ({unit})" if unit else ""
    title = f"{data['indicator']} ({data['measure']}) — {data['region']}{label}"
    bar_label = f" ({bar_unit})" if bar_unit else ""
    return {
        **data,
        "unit": unit,
        "series_svg": Markup(line_chart(pts, title + ": target vs outcome")),
        "compare_svg": Markup(
            bar_chart(
                bars, national, f"{data['level']} targets {data['year']} vs national{bar_label}"
            )
        ),
    }


def search(db: Database, q: str, limit: int) -> list[dict[str, Any]]:
    rows = api.search(q, db, limit)
    pattern = re.compile(re.escape(html.escape(api.search_form(q))))
    for r in rows:
        escaped = html.escape(r["text"])
        r["html"] = Markup(pattern.sub(lambda m: f"<mark>{m.group()}</mark>", escaped))
    return rows
