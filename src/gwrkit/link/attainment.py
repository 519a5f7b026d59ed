"""Each target of year Y linked to the outcome the report of Y+1 (or a later one) states
for year Y, with a verdict (see ``verdicts``): met, missed, exceeded, not_comparable,
no_outcome, or not_set (a report that sets no target for an indicator the report before
it targeted, like the national GDP target of 2020).

Facts come in as schema records with their report's fields (``report_year`` …).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from gwrkit.core.indicators import indicators
from gwrkit.core.schema import Attainment, Fact
from gwrkit.core.units import parse_unit
from gwrkit.link.verdicts import Target, Tolerance, judge

PERCENT_MEASURES = ("growth", "rate", "change_pp")
_TIE = re.compile("同步")


def region_key(row: Fact) -> str:
    return str(row.report_admin_code or row.report_region or "")


def signed(value: float | None, direction: str | None) -> float | None:
    return None if value is None else (-value if direction == "down" else value)


def missing_for_linking(year: int | None, place: str | None) -> str | None:
    """Why a report cannot be linked to others (its year or region unknown), or None.
    Such reports are stored and listed like any other; they are only left out of
    targets, outcomes, series and comparisons."""
    missing = [name for name, value in (("year", year), ("region", place)) if value in (None, "")]
    return "no " + " and no ".join(missing) if missing else None


def _end(f: Fact) -> int:
    """The year of a one-year fact (linking only takes those)."""
    return int(f.period_end or 0)


def _made(f: Fact) -> int:
    """The year of the fact's report (linking only takes reports with one)."""
    return int(f.report_year or 0)


def _single_year(row: Fact) -> int | None:
    start, end = row.period_start, row.period_end
    return int(end) if start is not None and start == end else None


def link_targets(facts: Iterable[Fact], tolerance: Tolerance | None = None) -> list[Attainment]:
    """Attainment of every one-year target among ``facts`` (all regions, all years)."""
    tol = tolerance or Tolerance()
    targets: dict[tuple[str, int], list[Fact]] = defaultdict(list)
    outcomes: dict[tuple[str, str, int], list[Fact]] = defaultdict(list)
    report_years: dict[str, set[int]] = defaultdict(set)
    for f in facts:
        key, made = region_key(f), f.report_year
        if made is None or missing_for_linking(made, key):
            continue  # see unlinked(): listed with what is missing, never linked
        report_years[key].add(made)
        year = _single_year(f)
        if not f.indicator or year is None:
            continue
        if f.status == "target" and year == made:
            targets[(key, year)].append(f)
        elif f.status == "actual" and made > year:
            outcomes[(key, f.indicator, year)].append(f)
    out: list[Attainment] = []
    for (key, year), rows in sorted(targets.items()):
        for t in _primary_targets(rows):
            out.append(_attain(t, outcomes, tol))
        out.extend(_not_set(key, year, targets, report_years))
    return out


def _primary_targets(rows: list[Fact]) -> list[Fact]:
    """One target per indicator and measure: the targets paragraph's, first stated."""
    best: dict[tuple[str | None, str], Fact] = {}
    for r in sorted(rows, key=lambda r: (r.role != "targets", r.start)):
        best.setdefault((r.indicator, r.measure), r)
    return list(best.values())


def _not_set(
    key: str,
    year: int,
    targets: dict[tuple[str, int], list[Fact]],
    report_years: dict[str, set[int]],
) -> list[Attainment]:
    """Indicators targeted in the report of year-1 whose next report sets no target."""
    nxt = year + 1
    if nxt not in report_years[key]:
        return []
    now = {(r.indicator, r.measure) for r in targets.get((key, nxt), [])}
    now_ind = {r.indicator for r in targets.get((key, nxt), [])}
    out = []
    for r in _primary_targets(targets[(key, year)]):
        if r.role != "targets" or (r.indicator, r.measure) in now:
            continue
        if r.measure == "qualitative" or r.indicator in now_ind:
            continue
        out.append(
            Attainment(
                region=str(r.report_region), admin_code=r.report_admin_code,
                level=r.report_level, year=nxt, indicator=str(r.indicator),
                measure=r.measure, modifier=None, target_value=None, target_low=None,
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
    t: Fact,
    outcomes: dict[tuple[str, str, int], list[Fact]],
    tol: Tolerance,
) -> Attainment:
    key, year, ind = region_key(t), _end(t), str(t.indicator)
    candidates = outcomes.get((key, ind, year), [])
    if t.measure == "qualitative":
        return _qualitative(t, outcomes, tol)
    same = [o for o in candidates if o.measure == t.measure]
    if not same:
        verdict = "not_comparable" if candidates else "no_outcome"
        note = "outcomes stated in another measure" if candidates else "no report states it"
        return _record(t, None, verdict, None, note)
    o = min(same, key=lambda o: (_made(o), o.modifier != "point", o.start))
    value = _in_target_unit(o, t)
    if value is None:
        return _record(t, o, "not_comparable", None, "units of different kinds")
    a = -value if o.direction == "down" else value
    target = _signed_target(t)
    better = indicators()[ind].better if ind in indicators() else "none"
    verdict = judge(a, target, better, tol)
    ref = target.value if target.value is not None else None
    gap = None if a is None or ref is None else round(a - ref, 6)
    note = "" if o.modifier == "point" else f"outcome stated as {o.modifier}"
    if _made(o) > year + 1:
        note = (note + "; " if note else "") + f"outcome from the {_made(o)} report"
    return _record(t, o, verdict, gap, note)


def _signed_target(t: Fact) -> Target:
    down = t.direction == "down"
    mod = t.modifier
    if down and mod in ("at_least", "at_most"):  # 下降3%以上: -3 or lower
        mod = "at_most" if mod == "at_least" else "at_least"
    low, high = signed(t.low, t.direction), signed(t.high, t.direction)
    if down and low is not None and high is not None:
        low, high = high, low
    return Target(
        signed(t.value, t.direction),
        low,
        high,
        mod,
        t.measure in PERCENT_MEASURES,
    )


def _in_target_unit(o: Fact, t: Fact) -> float | None:
    if t.measure in PERCENT_MEASURES:
        return float(o.value) if o.value is not None else None
    tu, ou = parse_unit(t.unit), parse_unit(o.unit)
    if tu is None or ou is None or tu.dim != ou.dim or o.value is None:
        return None
    return float(o.value) * ou.factor / tu.factor


def _qualitative(
    t: Fact,
    outcomes: dict[tuple[str, str, int], list[Fact]],
    tol: Tolerance,
) -> Attainment:
    """居民收入增长与经济增长同步: met when income grew at least as fast as GDP."""
    key, year = region_key(t), _end(t)
    if t.indicator != "disposable_income" or not _TIE.search(t.quote or ""):
        return _record(t, None, "not_comparable", None, "a qualitative target")
    income = [
        o for o in outcomes.get((key, "disposable_income", year), []) if o.measure == "growth"
    ]
    gdp = [o for o in outcomes.get((key, "gdp", year), []) if o.measure == "growth"]
    if not income or not gdp:
        return _record(t, None, "no_outcome", None, "income or GDP growth not stated")
    i = min(income, key=lambda o: (_made(o), o.start))
    g = min(gdp, key=lambda o: (_made(o), o.start))
    gap = round((i.value or 0.0) - (g.value or 0.0), 6)
    verdict = "met" if gap >= -tol.points - 1e-9 else "missed"
    return _record(t, i, verdict, gap, f"income growth {i.value}% vs GDP growth {g.value}%")


def _record(t: Fact, o: Fact | None, verdict: str, gap: float | None, note: str) -> Attainment:
    return Attainment(
        region=str(t.report_region),
        admin_code=t.report_admin_code,
        level=t.report_level,
        year=_end(t),
        indicator=str(t.indicator),
        measure=t.measure,
        modifier=t.modifier,
        target_value=t.value,
        target_low=t.low,
        target_high=t.high,
        target_unit=t.unit,
        target_direction=t.direction,
        stretch=bool(t.stretch),
        target_quote=t.quote,
        target_report=t.report_name,
        target_fact_id=t.id,
        target_report_id=t.report_id,
        outcome_value=None if o is None else o.value,
        outcome_unit=None if o is None else o.unit,
        outcome_modifier=None if o is None else o.modifier,
        outcome_direction=None if o is None else o.direction,
        outcome_quote=None if o is None else o.quote,
        outcome_report=None if o is None else o.report_name,
        outcome_fact_id=None if o is None else o.id,
        outcome_report_id=None if o is None else o.report_id,
        verdict=verdict,
        gap=gap,
        note=note,
    )
