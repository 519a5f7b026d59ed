"""Each target of year Y linked to the outcome the report of Y+1 (or a later one) states
for year Y, with a verdict (see ``verdicts``): met, missed, exceeded, not_comparable,
no_outcome, or not_set (a report that sets no target for an indicator the report before
it targeted, like the national GDP target of 2020).

Facts come in as rows (dicts) with the fields of ``store.catalog.list_facts``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from gwrkit.extract.indicators import indicators
from gwrkit.extract.units import parse_unit
from gwrkit.link.verdicts import Target, Tolerance, judge

VERDICTS = ("met", "exceeded", "missed", "not_comparable", "no_outcome", "not_set")
PERCENT_MEASURES = ("growth", "rate", "change_pp")
_TIE = re.compile("同步")


@dataclass(frozen=True)
class Attainment:
    region: str
    admin_code: str | None
    level: str | None
    year: int
    indicator: str
    measure: str
    modifier: str | None
    target_value: float | None
    target_low: float | None
    target_high: float | None
    target_unit: str | None
    target_direction: str | None
    stretch: bool
    target_quote: str | None
    target_report: str | None
    target_fact_id: int | None
    target_report_id: int | None
    outcome_value: float | None
    outcome_unit: str | None
    outcome_modifier: str | None
    outcome_direction: str | None
    outcome_quote: str | None
    outcome_report: str | None
    outcome_fact_id: int | None
    outcome_report_id: int | None
    verdict: str
    gap: float | None  # outcome minus target, signed, in the target's unit
    note: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def region_key(row: dict[str, Any]) -> str:
    return str(row.get("report_admin_code") or row.get("report_region") or "")


def signed(value: float | None, direction: str | None) -> float | None:
    return None if value is None else (-value if direction == "down" else value)


def missing_for_linking(row: dict[str, Any]) -> str | None:
    """Why a fact's report cannot be linked to others (its year or region unknown), or
    None.  Such reports are stored and listed like any other; they are only left out of
    targets, outcomes, series and comparisons."""
    missing = [
        name
        for name, value in (("year", row.get("report_year")), ("region", region_key(row)))
        if value in (None, "")
    ]
    return "no " + " and no ".join(missing) if missing else None


def _single_year(row: dict[str, Any]) -> int | None:
    start, end = row.get("period_start"), row.get("period_end")
    return int(end) if start is not None and start == end else None


def link_targets(
    facts: Iterable[dict[str, Any]], tolerance: Tolerance | None = None
) -> list[Attainment]:
    """Attainment of every one-year target among ``facts`` (all regions, all years)."""
    tol = tolerance or Tolerance()
    targets: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    outcomes: dict[tuple[str, str, int], list[dict[str, Any]]] = defaultdict(list)
    report_years: dict[str, set[int]] = defaultdict(set)
    for f in facts:
        if missing_for_linking(f):
            continue  # see unlinked(): listed with what is missing, never linked
        key = region_key(f)
        report_years[key].add(int(f["report_year"]))
        year = _single_year(f)
        if not f.get("indicator") or year is None:
            continue
        if f["status"] == "target" and year == f["report_year"]:
            targets[(key, year)].append(f)
        elif f["status"] == "actual" and f["report_year"] > year:
            outcomes[(key, f["indicator"], year)].append(f)
    out: list[Attainment] = []
    for (key, year), rows in sorted(targets.items()):
        for t in _primary_targets(rows):
            out.append(_attain(t, outcomes, tol))
        out.extend(_not_set(key, year, targets, report_years))
    return out


def _primary_targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One target per indicator and measure: the targets paragraph's, first stated."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: (r["role"] != "targets", r["span_start"])):
        best.setdefault((r["indicator"], r["measure"]), r)
    return list(best.values())


def _not_set(
    key: str,
    year: int,
    targets: dict[tuple[str, int], list[dict[str, Any]]],
    report_years: dict[str, set[int]],
) -> list[Attainment]:
    """Indicators targeted in the report of year-1 whose next report sets no target."""
    nxt = year + 1
    if nxt not in report_years[key]:
        return []
    now = {(r["indicator"], r["measure"]) for r in targets.get((key, nxt), [])}
    now_ind = {r["indicator"] for r in targets.get((key, nxt), [])}
    out = []
    for r in _primary_targets(targets[(key, year)]):
        if r["role"] != "targets" or (r["indicator"], r["measure"]) in now:
            continue
        if r["measure"] == "qualitative" or r["indicator"] in now_ind:
            continue
        out.append(
            Attainment(
                region=str(r.get("report_region")), admin_code=r.get("report_admin_code"),
                level=r.get("report_level"), year=nxt, indicator=r["indicator"],
                measure=r["measure"], modifier=None, target_value=None, target_low=None,
                target_high=None, target_unit=None, target_direction=None, stretch=False,
                target_quote=None, target_report=None, target_fact_id=None,
                target_report_id=None, outcome_value=None, outcome_unit=None,
                outcome_modifier=None, outcome_direction=None, outcome_quote=None,
                outcome_report=None, outcome_fact_id=None, outcome_report_id=None,
                verdict="not_set", gap=None,
                note=f"targeted in the {year} report, not in the {nxt} report",
            )
        )  # fmt: skip
    return out


def _attain(
    t: dict[str, Any],
    outcomes: dict[tuple[str, str, int], list[dict[str, Any]]],
    tol: Tolerance,
) -> Attainment:
    key, year, ind = region_key(t), int(t["period_end"]), t["indicator"]
    candidates = outcomes.get((key, ind, year), [])
    if t["measure"] == "qualitative":
        return _qualitative(t, outcomes, tol)
    same = [o for o in candidates if o["measure"] == t["measure"]]
    if not same:
        verdict = "not_comparable" if candidates else "no_outcome"
        note = "outcomes stated in another measure" if candidates else "no report states it"
        return _record(t, None, verdict, None, note)
    o = min(same, key=lambda o: (o["report_year"], o["modifier"] != "point", o["span_start"]))
    value = _in_target_unit(o, t)
    if value is None:
        return _record(t, o, "not_comparable", None, "units of different kinds")
    a = -value if o.get("direction") == "down" else value
    target = _signed_target(t)
    better = indicators()[ind].better if ind in indicators() else "none"
    verdict = judge(a, target, better, tol)
    ref = target.value if target.value is not None else None
    gap = None if a is None or ref is None else round(a - ref, 6)
    note = "" if o["modifier"] == "point" else f"outcome stated as {o['modifier']}"
    if o["report_year"] > year + 1:
        note = (note + "; " if note else "") + f"outcome from the {o['report_year']} report"
    return _record(t, o, verdict, gap, note)


def _signed_target(t: dict[str, Any]) -> Target:
    down = t.get("direction") == "down"
    mod = t["modifier"]
    if down and mod in ("at_least", "at_most"):  # 下降3%以上: -3 or lower
        mod = "at_most" if mod == "at_least" else "at_least"
    low, high = signed(t.get("low"), t.get("direction")), signed(t.get("high"), t.get("direction"))
    if down and low is not None and high is not None:
        low, high = high, low
    return Target(
        signed(t.get("value"), t.get("direction")),
        low,
        high,
        mod,
        t["measure"] in PERCENT_MEASURES,
    )


def _in_target_unit(o: dict[str, Any], t: dict[str, Any]) -> float | None:
    if t["measure"] in PERCENT_MEASURES:
        return float(o["value"]) if o.get("value") is not None else None
    tu, ou = parse_unit(t.get("unit")), parse_unit(o.get("unit"))
    if tu is None or ou is None or tu.dim != ou.dim or o.get("value") is None:
        return None
    return float(o["value"]) * ou.factor / tu.factor


def _qualitative(
    t: dict[str, Any],
    outcomes: dict[tuple[str, str, int], list[dict[str, Any]]],
    tol: Tolerance,
) -> Attainment:
    """居民收入增长与经济增长同步: met when income grew at least as fast as GDP."""
    key, year = region_key(t), int(t["period_end"])
    if t["indicator"] != "disposable_income" or not _TIE.search(t.get("quote") or ""):
        return _record(t, None, "not_comparable", None, "a qualitative target")
    income = [
        o for o in outcomes.get((key, "disposable_income", year), []) if o["measure"] == "growth"
    ]
    gdp = [o for o in outcomes.get((key, "gdp", year), []) if o["measure"] == "growth"]
    if not income or not gdp:
        return _record(t, None, "no_outcome", None, "income or GDP growth not stated")
    i = min(income, key=lambda o: (o["report_year"], o["span_start"]))
    g = min(gdp, key=lambda o: (o["report_year"], o["span_start"]))
    gap = round(float(i["value"]) - float(g["value"]), 6)
    verdict = "met" if gap >= -tol.points - 1e-9 else "missed"
    return _record(t, i, verdict, gap, f"income growth {i['value']}% vs GDP growth {g['value']}%")


def _record(
    t: dict[str, Any], o: dict[str, Any] | None, verdict: str, gap: float | None, note: str
) -> Attainment:
    return Attainment(
        region=str(t.get("report_region")),
        admin_code=t.get("report_admin_code"),
        level=t.get("report_level"),
        year=int(t["period_end"]),
        indicator=t["indicator"],
        measure=t["measure"],
        modifier=t["modifier"],
        target_value=t.get("value"),
        target_low=t.get("low"),
        target_high=t.get("high"),
        target_unit=t.get("unit"),
        target_direction=t.get("direction"),
        stretch=bool(t.get("stretch")),
        target_quote=t.get("quote"),
        target_report=t.get("report_name"),
        target_fact_id=t.get("id"),
        target_report_id=t.get("report_id"),
        outcome_value=None if o is None else o.get("value"),
        outcome_unit=None if o is None else o.get("unit"),
        outcome_modifier=None if o is None else o.get("modifier"),
        outcome_direction=None if o is None else o.get("direction"),
        outcome_quote=None if o is None else o.get("quote"),
        outcome_report=None if o is None else o.get("report_name"),
        outcome_fact_id=None if o is None else o.get("id"),
        outcome_report_id=None if o is None else o.get("report_id"),
        verdict=verdict,
        gap=gap,
        note=note,
    )
