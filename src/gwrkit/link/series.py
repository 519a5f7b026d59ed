"""Series of one indicator in one region over the years, and comparisons of regions in
one year with the national target beside them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from gwrkit.core.schema import Attainment, Comparison, Fact, SeriesPoint
from gwrkit.core.units import parse_unit
from gwrkit.link.attainment import missing_for_linking, region_key


def series(
    attainment: Iterable[Attainment], outcomes: Iterable[Fact], measure: str | None
) -> list[SeriesPoint]:
    """Targets with their outcomes by year, plus years with an outcome and no target."""
    points: dict[tuple[int, str], SeriesPoint] = {}
    for a in attainment:
        if measure and a.measure != measure:
            continue
        points[(a.year, a.measure)] = SeriesPoint(
            a.region, a.year, a.indicator, a.measure, a.target_value, a.target_low,
            a.target_high, a.modifier, a.stretch, a.outcome_value, a.outcome_unit, a.verdict,
            a.target_report, a.outcome_report, a.target_quote, a.outcome_quote, a.target_unit,
        )  # fmt: skip
    linkable = [o for o in outcomes if not missing_for_linking(o.report_year, region_key(o))]
    for o in sorted(linkable, key=lambda o: (o.report_year or 0, o.start)):
        start, end = o.period_start, o.period_end
        if end is None or start != end or (measure and o.measure != measure):
            continue
        key = (end, o.measure)
        if key not in points:
            points[key] = SeriesPoint(
                str(o.report_region), end, str(o.indicator), o.measure, None, None,
                None, None, False, o.value, o.unit, None, None, o.report_name,
                None, o.quote,
            )  # fmt: skip
    return [points[k] for k in sorted(points)]


def in_unit(value: float | None, unit: str | None, wanted: str | None) -> float | None:
    """``value`` given in ``unit`` expressed in ``wanted`` (万吨 → 亿斤 …), or None where
    the two are of different kinds (mass against money)."""
    if value is None:
        return None
    if unit == wanted or not unit or not wanted:
        return value  # the same unit, or one not stated: nothing to convert
    a, b = parse_unit(unit), parse_unit(wanted)
    if a is None or b is None or a.dim != b.dim or not b.factor:
        return None
    return round(value * a.factor / b.factor, 10)


class HasTarget(Protocol):
    @property
    def target_value(self) -> float | None: ...
    @property
    def target_low(self) -> float | None: ...
    @property
    def target_high(self) -> float | None: ...


def target_middle(row: HasTarget) -> float | None:
    """A target as one number: its value, or the middle of its range (4.5%—5% → 4.75)."""
    if row.target_value is not None:
        return row.target_value
    if row.target_low is not None and row.target_high is not None:
        return (row.target_low + row.target_high) / 2
    return None


def compare(
    attainment: Iterable[Attainment], national: Iterable[Attainment], measure: str
) -> list[Comparison]:
    """Regions side by side for one year and indicator, with the national target."""
    nat = [a for a in national if a.measure == measure and a.verdict != "not_set"]
    nat_value = target_middle(nat[0]) if nat else None
    nat_unit = nat[0].target_unit if nat else None
    out = []
    for a in sorted(attainment, key=lambda a: (a.region, a.year)):
        if a.measure != measure or a.verdict == "not_set":
            continue
        mine = target_middle(a)
        national_here = in_unit(nat_value, nat_unit, a.target_unit)  # 1.4万亿斤 vs 万吨
        gap = None if mine is None or national_here is None else round(mine - national_here, 6)
        out.append(
            Comparison(
                a.region, a.admin_code, a.level, a.year, a.indicator, a.measure,
                a.target_value, a.target_low, a.target_high, a.modifier, national_here, gap,
                in_unit(a.outcome_value, a.outcome_unit, a.target_unit), a.verdict,
                a.target_quote, a.target_report, a.outcome_quote, a.outcome_report,
                a.target_unit,
            )
        )  # fmt: skip
    return out


__all__ = [
    "Comparison",
    "SeriesPoint",
    "compare",
    "in_unit",
    "region_key",
    "series",
    "target_middle",
]
