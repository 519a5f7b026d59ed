"""Headline facts: each number tied to the indicator it belongs to, with its measure,
status, period, modifier, stretch and direction.

A sentence is read left to right as chains: an indicator's name (or two joined by 、/和,
or a name standing for two, 城乡居民人均可支配收入) followed by numbers, where the words
between the name and each number (the *gap*) are only connectors listed in
``rules/facts.yaml`` (增长, 达到, 同比, 分别, 连续8年 …).  Any other word breaks the chain,
which keeps ranks, comparisons, sub-totals and other subjects out.

>>> [(f.indicator, f.measure, f.value, f.unit, f.modifier) for f in extract_text(
...     "地区生产总值100.4亿元,同比增长3.2%", Context("review", "actual", "year", 2021, 2021))]
[('gdp', 'level', 100.4, '亿元', 'point'), ('gdp', 'growth', 3.2, '%', 'point')]
"""

from __future__ import annotations

import re

from gwrkit.core.models import Fact
from gwrkit.extract.connectors import (
    RUN_SEP,
    accepts,
    carried_ok,
    gap_ok,
    measure_of,
    modifier_of,
    prefix_ok,
    rule_pattern,
    unit_for,
)
from gwrkit.extract.context import Context
from gwrkit.extract.indicators import Indicator, Mention, find_mentions, indicators
from gwrkit.extract.periods import status_period
from gwrkit.extract.qualitative import apply_stretch_all, qualitative_facts
from gwrkit.extract.quantities import Quantity, find_quantities

__all__ = ["Fact", "apply_stretch_all", "extract_text"]

_CLAUSE_END = re.compile(r"[;。!?]")
_JOIN = re.compile(r"^[、和及与]$")
_MAYBE_NUMBER = re.compile(r"[0-9]|百分|亿")


class _Chain:
    """A subject (one or more names) and the numbers tied to it so far."""

    def __init__(self, mention: Mention) -> None:
        self.mentions = [mention]
        self.anchor = mention.end  # where the next gap starts
        self.gaps = ""  # all the words from the subject to the last number
        self.count = 0  # numbers tied so far
        self.dealt = 0  # numbers dealt out in the current round of 分别
        self.skips: list[tuple[int, int]] = []  # comparison phrases left out of gaps
        self.modifier = "point"
        self.round_gap = ""  # the words before the first number of a run

    def gap(self, text: str, end: int) -> str:
        parts, pos = [], self.anchor
        for s, e in self.skips:
            if s >= pos and e <= end:
                parts.append(text[pos:s])
                pos = e
        parts.append(text[pos:end])
        return "".join(parts)

    @property
    def ids(self) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            out.extend(i for i in m.ids if i not in out)
        return out

    @property
    def start(self) -> int:
        return self.mentions[0].start


class _Sentence:
    """One sentence being read, with what the rules need to know about it."""

    def __init__(
        self, text: str, ctx: Context, offset: int, before: str, mentions: list[Mention]
    ) -> None:
        self.text, self.ctx, self.offset, self.before = text, ctx, offset, before
        self.quantities = [q for q in find_quantities(text) if q.kind == "quantity"]
        self.mentions = mentions
        self.table = indicators()
        self.parts: set[str] = set()  # indicators said of a part of the region


def extract_text(text: str, ctx: Context, offset: int = 0, before: str = "") -> list[Fact]:
    """Headline facts of one sentence (``offset`` is added to every span).

    ``before`` is the sentence before it in the paragraph, where a carried subject's
    reference may stand (粮食生产再获丰收。播种面积达到8780.7万亩).
    """
    if ctx.status is None:
        return []
    if ctx.role != "targets" and not _MAYBE_NUMBER.search(text):
        return []  # no digit, no 百分之/个百分点, no 万亿元: no quantity, no fact
    mentions = find_mentions(text)
    if not any(m.ids for m in mentions):
        return []  # no indicator named: no headline fact
    s = _Sentence(text, ctx, offset, before, mentions)
    facts = _quantitative(s)
    if ctx.status == "target" and ctx.role == "targets":
        facts.extend(qualitative_facts(text, ctx, offset, s.mentions, facts))
    return facts


def _quantitative(s: _Sentence) -> list[Fact]:
    tokens: list[tuple[int, int, Mention | Quantity]] = [(m.start, 0, m) for m in s.mentions]
    tokens += [(q.start, 1, q) for q in s.quantities]
    tokens.sort(key=lambda t: (t[0], t[1]))
    facts: list[Fact] = []
    seen: list[str] = []
    chain: _Chain | None = None
    for _pos, _order, tok in tokens:
        if isinstance(tok, Mention):
            chain = _on_mention(s, chain, tok, seen)
        elif chain is not None and tok.start >= chain.anchor:
            chain = _on_quantity(s, chain, tok, facts)
    return facts


def _on_mention(s: _Sentence, chain: _Chain | None, m: Mention, seen: list[str]) -> _Chain | None:
    """The chain after a name: skipped (a comparison), joined, new, or broken (None)."""
    text = s.text
    if chain is not None and chain.count == 0:
        cmp = rule_pattern("comparison").search(text, max(0, m.start - 8), m.start)
        if cmp:  # 增速高于经济增速: what the value is compared with
            chain.skips.append((cmp.start(), m.end))
            return chain
    joined = chain is not None and chain.count == 0 and _JOIN.match(text[chain.anchor : m.start])
    if chain is not None and joined and m.ids:  # 城镇居民…收入和农村居民…收入: one subject
        seen.extend(m.ids)
        chain.mentions.append(m)
        chain.anchor = m.end
        return chain
    if (
        not m.ids
        or not carried_ok(m, text, seen, s.before)
        or rule_pattern("denominator").search(text, max(0, m.start - 4), m.start)
    ):
        return None
    if s.ctx.role != "targets" and not all(s.table[i].any_prefix for i in m.ids):
        if not prefix_ok(text, m, s.ctx.region):
            if rule_pattern("place_prefix").search(text, max(0, m.start - 12), m.start):
                s.parts.update(m.ids)  # 天山北坡城市群空气质量…: a part of the region
            return None
        if s.parts & set(m.ids):
            return None  # …,空气质量优良天数比例达90%: still that part
    seen.extend(m.ids)
    return _Chain(m)


def _on_quantity(s: _Sentence, chain: _Chain, q: Quantity, facts: list[Fact]) -> _Chain | None:
    """Tie ``q`` to the chain's indicators if the words between allow it."""
    text, table = s.text, s.table
    gap = chain.gap(text, q.start)
    ids = chain.ids
    kinds = {table[i].kind for i in ids}
    kind = "rate" if kinds & {"rate", "mixed"} else next(iter(kinds))
    if not any(accepts(table[i], q, text) for i in ids):
        return chain  # 连跨4个千亿台阶: a number of another kind, read past it
    if not gap_ok(gap, kind):
        return None
    if text.startswith("的", q.end) and q.unit is not None and q.unit.dim != "percent":
        return chain  # 超千亿元的县域: an attribute of something else
    is_from = bool(rule_pattern("from_value").search(gap))
    level_unit = q.unit is not None and any(q.unit.dim in table[i].dims for i in ids)
    if level_unit and not is_from and rule_pattern("absolute_change").search(gap.split(",")[-1]):
        chain.anchor, chain.gaps = q.end, chain.gaps + gap  # 比上年增加1万亿元
        return chain
    if len(ids) == 1 and "分别" in gap:
        return None  # 对东盟、欧盟出口分别增长…: parts of the indicator, not it
    targets = _deal(s, chain, ids, q, gap)
    modifier, extra = _qualify(s, chain, ids, q, gap)
    made = [
        f
        for ind_id in targets
        if (f := _fact(s, chain, table[ind_id], q, gap, is_from, modifier, extra)) is not None
    ]
    if made:
        facts.extend(made)
        if not RUN_SEP.match(gap):
            chain.round_gap = gap  # the verbs of a run: 分别降低13.5%、18%
        chain.modifier = modifier
        chain.count += 1
        chain.anchor, chain.gaps = q.end + extra, chain.gaps + gap
    return chain


def _deal(s: _Sentence, chain: _Chain, ids: list[str], q: Quantity, gap: str) -> list[str]:
    """Which indicators get this number: all of them, or the next one of a 分别 round."""
    if chain.dealt and not RUN_SEP.match(gap):
        chain.dealt = 0  # 分别完成37820元、28104元,同比分别增长6.5%、9.4%: a new round
    if len(ids) == 1:
        return ids
    run = _run_length(s, s.quantities.index(q)) if chain.dealt == 0 else len(ids)
    if run >= len(ids) or chain.dealt:
        chain.dealt += 1
        return [ids[min(chain.dealt - 1, len(ids) - 1)]]
    return ids


def _qualify(s: _Sentence, chain: _Chain, ids: list[str], q: Quantity, gap: str) -> tuple[str, int]:
    modifier, extra = modifier_of(gap, s.text[q.end : q.end + 4], q)
    if modifier == "point" and chain.count and RUN_SEP.match(gap) and "分别" not in gap:
        modifier = chain.modifier  # 迈上4万亿、5万亿: the qualifier holds for the run
    if modifier == "point" and len(ids) > 1 and chain.dealt:
        # 分别控制在3.5%和5.5%以内: the last qualifier holds for every value
        qi = s.quantities.index(q)
        last = s.quantities[min(qi + len(ids) - chain.dealt, len(s.quantities) - 1)]
        modifier, _ = modifier_of("", s.text[last.end : last.end + 4], last)
    return modifier, extra


def _fact(
    s: _Sentence,
    chain: _Chain,
    ind: Indicator,
    q: Quantity,
    gap: str,
    is_from: bool,
    modifier: str,
    extra: int,
) -> Fact | None:
    unit = unit_for(ind, q, s.text)
    measure = measure_of(ind, unit, chain.gaps + gap) if unit else None
    if unit is None or measure is None:
        return None
    if unit.dim == "percent" and ind.kind == "amount" and is_from:
        return None
    verb_gap = chain.round_gap if RUN_SEP.match(gap) else gap
    down = measure != "level" and rule_pattern("down_verbs").search(verb_gap)
    # the members of a run (分别增长9.7%和8.9%) share the words before the first
    status, period = status_period(
        s.ctx, s.text, chain.gaps + gap, verb_gap, q.start, is_from, s.before
    )
    stretch = s.ctx.status in ("target", "plan") and _stretch(s, q, gap)
    n = q.number
    return Fact(
        indicator=ind.id,
        metric=chain.mentions[0].text,
        measure=measure,
        status=status,
        period=period,
        value=n.value,
        low=n.low,
        high=n.high,
        unit=unit.written,
        base_value=None if n.value is None else n.value * unit.factor,
        base_unit=unit.base,
        modifier=modifier,
        stretch=stretch,
        direction="down" if down else None,
        nstart=s.offset + chain.start,
        nend=s.offset + q.end + extra,
        role=s.ctx.role,
        rule="chain",
        number_start=s.offset + q.start,
    )


def _stretch(s: _Sentence, q: Quantity, gap: str) -> bool:
    """力争 before the number, or 争取更好结果 after it in the same clause."""
    next_mention = next((m.start for m in s.mentions if m.start > q.end), len(s.text))
    stop = _CLAUSE_END.search(s.text, q.end)
    end = min(stop.start() if stop else len(s.text), next_mention)
    return bool(rule_pattern("stretch").search(s.text[q.end : end]) or "力争" in gap)


def _run_length(s: _Sentence, i: int) -> int:
    """How many quantities from ``quantities[i]`` follow each other, joined by 、/和."""
    quantities, n = s.quantities, 1
    while i + n < len(quantities):
        prev, nxt = quantities[i + n - 1], quantities[i + n]
        if not RUN_SEP.match(s.text[prev.end : nxt.start]):
            break
        n += 1
    return n
