"""How formulations spread: for each term, the first report of each region that uses it,
against the first national report that does (policy diffusion: who used it before the
centre, and how long the others took)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from gwrkit.core.schema import PhraseSpread, PhraseUse


def _place(u: PhraseUse) -> str:
    return str(u.report_admin_code or u.report_region or "")


def national_year(uses: Iterable[PhraseUse]) -> int | None:
    years = [u.report_year for u in uses if u.report_level == "national" and u.report_year]
    return min(years) if years else None


def spread(uses: Iterable[PhraseUse], term: str) -> list[PhraseSpread]:
    """One row per region that uses ``term``: its first use, the lag after the first
    national use and the uses per 10,000 characters; earliest first."""
    rows = [u for u in uses if u.report_year is not None and _place(u)]
    centre = national_year(rows)
    by_place: dict[str, list[PhraseUse]] = defaultdict(list)
    for u in rows:
        by_place[_place(u)].append(u)
    out = []
    for group in by_place.values():
        first = min(group, key=lambda u: (u.report_year or 0, u.report_id))
        year = int(first.report_year or 0)
        chars = sum(u.report_chars for u in group)
        out.append(
            PhraseSpread(
                term=term, region=str(first.report_region), level=first.report_level,
                first_year=year, first_report=first.report_name,
                first_report_id=first.report_id, first_start=first.start,
                reports=len({u.report_id for u in group}),
                per_10k=round(sum(u.count for u in group) * 10_000 / chars, 3) if chars else 0.0,
                national_year=centre, lag=None if centre is None else year - centre,
                before_national=centre is not None and year < centre,
            )
        )  # fmt: skip
    return sorted(out, key=lambda r: (r.first_year, r.level != "national", r.region))
