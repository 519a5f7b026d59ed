"""Series of one indicator in one region over the years, and comparisons of regions in
one year with the national target beside them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from gwrkit.extract.units import parse_unit
from gwrkit.link.attainment import Attainment, missing_for_linking, region_key


@dataclass(frozen=True)
class SeriesPoint:
    region: str
    year: int
    indicator: str
    measure: str
    target_value: float | None
    target_low: float | None
    target_high: float | None
    modifier: str | None
    stretch: bool
    outcome_value: float | None
    outcome_unit: str | None
    verdict: str | None
    target_report: str | None
    outcome_report: str | None
    target_quote: str | None = None
    outcome_quote: str | None = None
    target_unit: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def series(
    attainment: Iterable[Attainment], outcomes: Iterable[dict[str, Any]], measure: str | None
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
    linkable = [o for o in outcomes if not missing_for_linking(o)]
    for o in sorted(linkable, key=lambda o: (o["report_year"], o["span_start"])):
        start, end = o.get("period_start"), o.get("period_end")
        if start is None or start != end or (measure and o["measure"] != measure):
            continue
        key = (int(end), o["measure"])
        if key not in points:
            points[key] = SeriesPoint(
                str(o["report_region"]), int(end), o["indicator"], o["measure"], None, None,
                None, None, False, o["value"], o["unit"], None, None, o["report_name"],
                None, o.get("quote"),
            )  # fmt: skip
    return [points[k] for k in sorted(points)]


@dataclass(frozen=True)
class Comparison:
    region: str
    admin_code: str | None
    level: str | None
    year: int
    indicator: str
    measure: str
    target_value: float | None
    target_low: float | None
    target_high: float | None
    modifier: str | None
    national_target: float | None
    gap_to_national: float | None  # the region's target minus the national one
    outcome_value: float | None
    verdict: str
    target_quote: str | None = None
    target_report: str | None = None
    outcome_quote: str | None = None
    outcome_report: str | None = None
    target_unit: str | None = None  # national_target and gap_to_national are in it too

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


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


def _middle(value: float | None, low: float | None, high: float | None) -> float | None:
    if value is not None:
        return value
    if low is not None and high is not None:
        return (low + high) / 2
    return None


def compare(
    attainment: Iterable[Attainment], national: Iterable[Attainment], measure: str
) -> list[Comparison]:
    """Regions side by side for one year and indicator, with the national target."""
    nat = [a for a in national if a.measure == measure and a.verdict != "not_set"]
    nat_value = _middle(nat[0].target_value, nat[0].target_low, nat[0].target_high) if nat else None
    nat_unit = nat[0].target_unit if nat else None
    out = []
    for a in sorted(attainment, key=lambda a: (a.region, a.year)):
        if a.measure != measure or a.verdict == "not_set":
            continue
        mine = _middle(a.target_value, a.target_low, a.target_high)
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


__all__ = ["Comparison", "SeriesPoint", "compare", "in_unit", "region_key", "series"]
