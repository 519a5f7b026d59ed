"""Every quantity of a report as a fact, headline or not, and the coverage of numbers.

A number that is not a headline indicator's value still becomes a fact, with the words
before it in its clause as an open-vocabulary ``metric`` (新增铁路运营里程 639公里).
Numbers that are not quantities (years, dates, ordinals, names like PM2.5) are counted
as classified; what is neither is listed by :func:`coverage`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gwrkit.core.rules import load_yaml
from gwrkit.core.schema import Document, Fact
from gwrkit.extract.connectors import clause_start, modifier_of
from gwrkit.extract.context import Context
from gwrkit.extract.quantities import Quantity, find_quantities

_CLAUSE = ",;。:!?、"
_LEAD = re.compile(
    r"^(?:全年|全省|全市|全州|全区|全县|全国|其中|同时|此外|累计|预计|共|我们|我省|我市)+"
)


@cache
def _tail_re() -> re.Pattern[str]:
    """Connector words at the end of a metric phrase (增长, 达到 …), to strip."""
    pieces = [str(p) for p in load_yaml("facts.yaml")["gap_pieces"]["pieces"]]
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in pieces) + ")+$")


def metric_phrase(text: str, start: int, cut: int | None = None) -> str:
    """The words naming what the number at ``start`` measures, from its clause (which
    starts at ``cut``, where the caller knows it)."""
    if cut is None:
        cut = clause_start(text, start, _CLAUSE)
    phrase = text[cut:start].strip()
    phrase = _tail_re().sub("", phrase) if len(phrase) > 1 else phrase
    phrase = _LEAD.sub("", phrase)
    return phrase[-24:]


def _measure(q: Quantity, before: str) -> str:
    assert q.unit is not None
    if q.unit.dim == "points":
        return "change_pp"
    if q.unit.dim in ("percent", "times"):
        return "growth" if _GROWTH_BEFORE.search(before) else "rate"
    return "level"


_GROWTH_BEFORE = re.compile(r"(增长|下降|降低|减少|上涨|提高|提升|增速)$")


def open_fact(q: Quantity, text: str, ctx: Context, offset: int) -> Fact:
    assert q.unit is not None
    cut = clause_start(text, q.start, _CLAUSE)
    before = text[cut : q.start]
    modifier, extra = modifier_of(before[-6:], text[q.end : q.end + 4], q)
    n = q.number
    return Fact.of(
        indicator=None,
        metric=metric_phrase(text, q.start, cut),
        measure=_measure(q, before.rstrip("约近超达到为")),
        status=ctx.status or "mentioned",
        period=ctx.period,
        value=n.value,
        low=n.low,
        high=n.high,
        unit=q.unit.written,
        base_value=None if n.value is None else n.value * q.unit.factor,
        base_unit=q.unit.base,
        modifier=modifier,
        stretch=False,
        direction=None,
        nstart=offset + cut,
        nend=offset + q.end + extra,
        role=ctx.role,
        rule="open",
        number_start=offset + q.start,
    )


@dataclass(frozen=True)
class Coverage:
    """Arabic-digit numbers of a report's body: how many end in a quantity or a class."""

    total: int
    classified: int
    by_class: dict[str, int]
    leftovers: tuple[tuple[str, str], ...]  # (number, its context)

    @property
    def share(self) -> float:
        return self.classified / self.total if self.total else 1.0


def coverage(doc: Document) -> Coverage:
    total = classified = 0
    by_class: dict[str, int] = {}
    left: list[tuple[str, str]] = []
    for s in doc.sentences:
        for q in find_quantities(s.text):
            if not q.arabic:
                continue
            total += 1
            if q.kind == "unclassified":
                left.append((q.text, s.text[max(0, q.start - 12) : q.end + 8]))
                continue
            classified += 1
            by_class[q.kind] = by_class.get(q.kind, 0) + 1
    return Coverage(total, classified, by_class, tuple(left))
