"""Parent against children: for one indicator and year, each region's target and outcome
beside its parent's (nation → provinces, province → prefectures, prefecture → counties),
with the 加码 (how much higher a child set its target) and who met their own, using the
division codes as of that year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from gwrkit.core.schema import Attainment, HierarchyRow, HierarchySummary
from gwrkit.ingest.regions import NATIONAL_CODE, children_of, parent_of
from gwrkit.link.series import in_unit, target_middle

MET = ("met", "exceeded")


def _code(a: Attainment) -> str | None:
    if a.level == "national":
        return NATIONAL_CODE
    return a.admin_code


def rows(attainment: Iterable[Attainment], measure: str) -> list[HierarchyRow]:
    """Each child with a target beside its parent's (both stored, same measure)."""
    by_code: dict[str, Attainment] = {}
    for a in attainment:
        code = _code(a)
        if a.measure == measure and a.verdict != "not_set" and code is not None:
            by_code.setdefault(code, a)
    out = []
    for code, child in sorted(by_code.items()):
        parent_div = parent_of(code, child.year)
        if parent_div is None or parent_div.code not in by_code:
            continue
        parent = by_code[parent_div.code]
        unit = parent.target_unit
        mine = in_unit(target_middle(child), child.target_unit, unit)
        theirs = target_middle(parent)
        markup = None if mine is None or theirs is None else round(mine - theirs, 6)
        out.append(
            HierarchyRow(
                year=child.year, indicator=child.indicator, measure=measure,
                parent_region=parent.region, parent_code=parent_div.code,
                parent_target=theirs,
                parent_outcome=in_unit(parent.outcome_value, parent.outcome_unit, unit),
                child_region=child.region, child_code=code, child_level=child.level,
                child_target=mine, markup=markup, higher=markup is not None and markup > 0,
                child_outcome=in_unit(child.outcome_value, child.outcome_unit, unit),
                child_verdict=child.verdict, target_unit=unit,
                child_fact_id=child.target_fact_id, child_report_id=child.target_report_id,
            )
        )  # fmt: skip
    return sorted(out, key=lambda r: (r.parent_code, -(r.child_target or 0), r.child_region))


def summaries(found: list[HierarchyRow], year: int) -> list[HierarchySummary]:
    """Per parent: how many children set a higher target, by how much, who met theirs,
    and which children of the division table have no stored target."""
    groups: dict[str, list[HierarchyRow]] = defaultdict(list)
    for r in found:
        groups[r.parent_code].append(r)
    out = []
    for code, group in sorted(groups.items()):
        table = children_of(code, year)
        have = {r.child_code for r in group}
        marks = [r.markup for r in group if r.markup is not None]
        judged = [r for r in group if r.child_verdict in (*MET, "missed")]
        first = group[0]
        out.append(
            HierarchySummary(
                year=year, indicator=first.indicator, measure=first.measure,
                parent_region=first.parent_region, parent_code=code,
                parent_target=first.parent_target, children=len(table),
                with_target=len(group),
                share_higher=round(sum(r.higher for r in group) / len(group), 4),
                mean_markup=round(sum(marks) / len(marks), 4) if marks else None,
                share_met=round(sum(r.child_verdict in MET for r in judged) / len(judged), 4)
                if judged else None,
                missing=tuple(d.name for d in table if d.code not in have),
            )
        )  # fmt: skip
    return out
