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
from functools import cache

from gwrkit.core.indicators import indicators
from gwrkit.core.rules import load_yaml
from gwrkit.core.schema import Fact
from gwrkit.extract.connectors import rule_pattern
from gwrkit.extract.context import Context
from gwrkit.extract.indicators import Mention
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
        terms = _constraint_terms(text, start, end, inside)
        clause = text[start:end]
        relative = rule_pattern("relative_target").search(clause) is not None
        if (
            (inside or terms)
            and (relative or not _numbers_outside(text, start, end, inside))
            and not any(s < end and start < e for s, e in covered)
            and (relative or rule_pattern("qualitative").search(clause))
        ):
            out.extend(_facts(text, ctx, offset, inside, terms, start, end, relative))
        start = m.end() if m else len(text)
    return out


@cache
def _terms() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = load_yaml("indicators.yaml").get("constraint_terms", [])
    table = {str(n): str(r["id"]) for r in rows for n in r["names"]}
    names = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)) if names else "(?!)"), table


def has_constraint_terms(text: str) -> bool:
    """Does ``text`` name a constraint indicator in a target's words (节能减排)?"""
    return _terms()[0].search(text) is not None


def _constraint_terms(text: str, start: int, end: int, inside: list[Mention]) -> list[Mention]:
    """节能, 减排, 降碳 … outside the indicator names of the clause, as mentions."""
    pattern, table = _terms()
    out = []
    for m in pattern.finditer(text, start, end):
        if not any(x.start <= m.start() < x.end for x in inside):
            out.append(Mention(m.start(), m.end(), m.group(), (table[m.group()],)))
    return out


# numbers that are no value of a target: a year (高于2020年水平), the marker of a list item
# (4.居民收入增长与经济增长同步, a targets list set one item a line)
_NOT_A_VALUE = frozenset(("year", "list_marker"))


def _numbers_outside(text: str, start: int, end: int, inside: list[Mention]) -> bool:
    """A number of the clause that is not part of a name (PM2.5平均浓度), a year nor a
    list marker."""
    return any(
        q.kind not in _NOT_A_VALUE and not any(x.start <= start + q.start < x.end for x in inside)
        for q in find_quantities(text[start:end])
    )


def _facts(
    text: str,
    ctx: Context,
    offset: int,
    inside: list[Mention],
    terms: list[Mention],
    start: int,
    end: int,
    relative: bool,
) -> list[Fact]:
    """``relative``: a target relative to the level above (增速高于全省1个百分点), which
    is a qualitative target of any indicator."""
    tie = rule_pattern("qualitative_tie").search(text, start, end)
    if inside and tie:
        # 城乡居民人均收入实际增长与经济增长同步, 增速高于经济增长: what it is tied to (after
        # 与/和/同, or after 高于) is no subject; 社会消费品零售总额、…均高于全市平均水平: all are
        at = tie.start()
        symmetric = tie.group() in ("同步", "协调")  # 收入增长与经济增长同步: a partner
        inside = [
            x
            for x in inside
            if x.start < at
            and not (symmetric and x.start > start and text[x.start - 1] in "与和同")
        ] or inside[:1]
        terms = []
    first = min([*inside, *terms], key=lambda x: x.start)
    ids: list[str] = []
    down: set[str] = set()
    table = indicators()
    named = sorted([*inside, *terms], key=lambda x: x.start)
    for x in named:
        new = [
            i
            for i in (x.qualitative_ids or x.ids)
            if i not in ids and (table[i].qualitative or relative)
        ]
        ids.extend(new)
        # 能耗下降、PM2.5浓度下降和…排放量达到: down only where a falling verb is said of
        # the name (能耗和主要污染物排放量继续下降: of both)
        if x in inside and rule_pattern("down_verbs").match(text, _verb_at(text, x, named, end)):
            down.update(new)
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
            direction="down" if ind_id in down else None,
            # a target named only by its terms (完成省下达的节能减排目标) is quoted whole
            nstart=offset + (first.start if inside else start),
            nend=offset + end,
            role=ctx.role,
            rule="qualitative",
        )
        for ind_id in ids
    ]


_JOINER = re.compile(r"[、和及与]")
_ADVERB = re.compile(r"(?:进一步|继续|持续|稳步|有所|明显|均)*")


def _verb_at(text: str, x: Mention, named: list[Mention], end: int) -> int:
    """Where the verb said of ``x`` starts: after the names listed with it (能耗、二氧化碳
    排放量进一步下降) and the adverbs before the verb."""
    pos = x.end
    while True:
        joiner = _JOINER.match(text, pos, end)
        after = joiner.end() if joiner else pos
        nxt = next((n for n in named if n.start == after and n is not x), None)
        if nxt is None:
            break
        pos = nxt.end
    adverb = _ADVERB.match(text, pos, end)
    return adverb.end() if adverb else pos


def apply_stretch_all(facts: list[Fact], sentences: list[str]) -> list[Fact]:
    """A sentence like 确定以上目标…争取更好结果 makes every target of its paragraph a stretch."""
    if any(rule_pattern("stretch_all").search(s) for s in sentences):
        return [replace(f, stretch=True) if f.status == "target" else f for f in facts]
    return facts
