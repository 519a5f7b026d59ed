"""Targets without a number (居民收入增长与经济增长同步, 国际收支基本平衡, 完成国家下达目标)
and stretch phrases that cover a whole set of targets.

>>> from gwrkit.extract.context import Context
>>> from gwrkit.extract.indicators import find_mentions
>>> text = "进出口稳中提质,国际收支基本平衡"
>>> ctx = Context("targets", "target", "target", 2025, 2025)
>>> [f.indicator for f in qualitative_facts(text, ctx, 0, find_mentions(text), [])]
['foreign_trade', 'balance_of_payments']
"""

from __future__ import annotations

import re
from dataclasses import replace

from gwrkit.core.models import Fact
from gwrkit.extract.connectors import rule_pattern
from gwrkit.extract.context import Context
from gwrkit.extract.indicators import Mention, indicators
from gwrkit.extract.quantities import find_quantities

_CLAUSE = re.compile(r"[,;:。!?]")


def qualitative_facts(
    text: str, ctx: Context, offset: int, mentions: list[Mention], facts: list[Fact]
) -> list[Fact]:
    """One fact per indicator named in a clause with no number and a qualitative wording."""
    out: list[Fact] = []
    covered = [(f.nstart - offset, f.nend - offset) for f in facts]
    start = 0
    for m in [*_CLAUSE.finditer(text), None]:
        end = m.start() if m else len(text)
        inside = [x for x in mentions if start <= x.start and x.end <= end and x.ids]
        if (
            inside
            and not find_quantities(text[start:end])
            and not any(s < end and start < e for s, e in covered)
            and rule_pattern("qualitative").search(text[start:end])
        ):
            out.extend(_facts(text, ctx, offset, inside, text[start:end], end))
        start = m.end() if m else len(text)
    return out


def _facts(
    text: str, ctx: Context, offset: int, inside: list[Mention], clause: str, end: int
) -> list[Fact]:
    first = inside[0]
    if rule_pattern("qualitative_tie").search(clause):
        # 城乡居民人均收入实际增长与经济增长同步: what it is tied to is no subject
        tied_to = first.start > 0 and text[first.start - 1] in "与和同"
        inside = [] if tied_to else [first]
    ids: list[str] = []
    table = indicators()
    for x in inside:
        ids.extend(i for i in (x.qualitative_ids or x.ids) if i not in ids and table[i].qualitative)
    return [
        Fact(
            indicator=ind_id,
            metric=first.text,
            measure="qualitative",
            status="target",
            period=ctx.period,
            value=None,
            low=None,
            high=None,
            unit=None,
            base_value=None,
            base_unit=None,
            modifier="qualitative",
            stretch=False,
            direction=None,
            nstart=offset + first.start,
            nend=offset + end,
            role=ctx.role,
            rule="qualitative",
        )
        for ind_id in ids
    ]


def apply_stretch_all(facts: list[Fact], sentences: list[str]) -> list[Fact]:
    """A sentence like 确定以上目标…争取更好结果 makes every target of its paragraph a stretch."""
    if any(rule_pattern("stretch_all").search(s) for s in sentences):
        return [replace(f, stretch=True) if f.status == "target" else f for f in facts]
    return facts
