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
from dataclasses import replace

from gwrkit.core.indicators import Indicator, indicators
from gwrkit.core.schema import Fact
from gwrkit.core.units import Unit
from gwrkit.extract.connectors import (
    RUN_SEP,
    accepts,
    carried_ok,
    clause_start,
    gap_ok,
    higher_area,
    measure_of,
    modifier_of,
    prefix_ok,
    rule_pattern,
    unit_for,
)
from gwrkit.extract.context import Context
from gwrkit.extract.indicators import Mention, find_mentions, total_names
from gwrkit.extract.numbers import Number
from gwrkit.extract.periods import status_period
from gwrkit.extract.qualitative import apply_stretch_all, has_constraint_terms, qualitative_facts
from gwrkit.extract.quantities import Quantity, find_quantities

__all__ = ["Fact", "apply_stretch_all", "extract_text", "without_shadowed_totals"]

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
        self.skip = 0  # values still to pass of subjects listed before this chain's own
        self.each = False  # several names of one indicator, a value each (分别)

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
        bases = [m.span() for m in rule_pattern("base_phrase").finditer(text)]
        self.quantities = sorted(
            [
                q
                for q in find_quantities(text)
                if q.kind == "quantity" and not any(a <= q.start < b for a, b in bases)
            ]
            + doublings(text),
            key=lambda q: q.start,
        )
        self.mentions = mentions
        self.table = indicators()
        self.parts: set[str] = set()  # indicators said of a part of the region
        # a flow's level read as a span total, with the period it would have as an end
        # value: taken when the sentence lists end values of other indicators
        self.flow_end: dict[int, str] = {}
        self.chain_of: dict[int, _Chain] = {}  # the chain each number was tied to


_TIMES = {"一": 1.0, "两": 2.0, "二": 2.0, "三": 3.0}


def doublings(text: str) -> list[Quantity]:
    """翻一番 (1 番), 翻两番 (2), 倍增 (1) as quantities in the unit 番."""
    out = []
    for m in rule_pattern("doubling").finditer(text):
        n = _TIMES[m.group("n")] if m.group("n") else 1.0
        number = Number(m.start(), m.end(), n, None, None, False, None, m.group())
        unit = Unit("番", "doubling", 1.0, m.end())
        out.append(Quantity(m.start(), m.end(), number, unit, "quantity", "doubling", m.group()))
    return out


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
    if not any(m.ids for m in mentions) and not (
        ctx.role == "targets" and has_constraint_terms(text)
    ):
        return []  # no indicator named: no headline fact
    s = _Sentence(text, ctx, offset, before, mentions)
    facts = _quantitative(s)
    if ctx.status == "target" and ctx.role == "targets":
        facts.extend(qualitative_facts(text, ctx, offset, s.mentions, facts))
    return without_shadowed_totals(facts)


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
    return _flows_listed_with_levels(s, facts)


def _flows_listed_with_levels(s: _Sentence, facts: list[Fact]) -> list[Fact]:
    """A list of levels holds for one time: 生产总值6.66万亿元,…,进出口总值9356.7亿元 in a
    five-year review are all the last year's, though trade alone would be the total."""
    if not s.flow_end:
        return facts
    table = indicators()
    ends = {
        f.period
        for f in facts
        if f.indicator
        and not table[f.indicator].flow
        and f.measure in ("level", "rate")
        and "-" not in f.period
    }
    return [
        replace(f, period=s.flow_end[f.number_start])
        if f.number_start in s.flow_end and s.flow_end[f.number_start] in ends
        else f
        for f in facts
    ]


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
        or higher_area(s.text, m.start, s.ctx.level)
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
    if q.unit is not None and q.unit.dim == "doubling":
        # 城乡居民人均收入…翻一番: a doubling goal is one disposable_income line
        ids = []
        for m in chain.mentions:
            ids.extend(i for i in (m.qualitative_ids or m.ids) if i not in ids)
    kinds = {table[i].kind for i in ids}
    kind = "rate" if kinds & {"rate", "mixed"} else next(iter(kinds))
    if not any(accepts(table[i], q, text) for i in ids):
        if rule_pattern("comparison").search(gap):
            # 增速高于全省1个百分点、7%左右: the margin is no value, the number after it is
            chain.anchor, chain.gaps = q.end, chain.gaps + gap
        return chain  # 连跨4个千亿台阶: a number of another kind, read past it
    if not gap_ok(gap, kind):
        return None
    if text.startswith("的", q.end) and q.unit is not None and q.unit.dim != "percent":
        return chain  # 超千亿元的县域: an attribute of something else
    is_from = bool(rule_pattern("from_value").search(gap))
    level_unit = q.unit is not None and any(q.unit.dim in table[i].dims for i in ids)
    change = rule_pattern("absolute_change").search(gap.split(",")[-1])
    # 比上年增加1万亿元 is a change; 转移就业新增1.3万人 is a flow's own figure
    if change and change.group() == "新增" and all(table[i].flow for i in ids):
        change = None
    if level_unit and not is_from and change:
        chain.anchor, chain.gaps = q.end, chain.gaps + gap
        return chain
    if len(ids) == 1 and "分别" in gap and len(chain.mentions) > 1:
        # 化学需氧量、二氧化硫排放量分别削减2.4%和1%: several names of one indicator,
        # a value each
        if _run_length(s, s.quantities.index(q)) != len(chain.mentions):
            return None
        chain.each = True
    elif len(ids) == 1 and "分别" in gap and not chain.dealt and _carried_in_list(s, chain, q):
        # 规上工业总产值、增加值分别增长15%、12%: a short name carried from the list's head
        # takes its place in the list (a full name after a qualified head, 农产品网络零售额、
        # 出口额, is the head's subset and is left out below)
        chain.skip = _listed_before(s, chain)
        chain.dealt = 1
        return _on_quantity(s, chain, q, facts)
    elif len(ids) == 1 and "分别" in gap and not chain.dealt:
        # 一般预算收入29.3亿元、支出143.6亿元,分别增长14.5%和32.2%: values dealt back to
        # the subjects of the clause before; else 对东盟、欧盟出口分别增长…: parts of it
        facts.extend(_deal_back(s, q, gap))
        return None
    targets = _deal(s, chain, ids, q, gap)
    if not targets:  # a value of another subject of the list: read past it
        if not RUN_SEP.match(gap):
            chain.round_gap = gap
        chain.anchor = q.end
        return chain
    modifier, extra = _qualify(s, chain, ids, q, gap)
    made = [
        f
        for ind_id in targets
        if (f := _fact(s, chain, table[ind_id], q, gap, is_from, modifier, extra)) is not None
    ]
    if made:
        facts.extend(made)
        s.chain_of[q.start] = chain
        if not RUN_SEP.match(gap):
            chain.round_gap = gap  # the verbs of a run: 分别降低13.5%、18%
        chain.modifier = modifier
        chain.count += 1
        chain.anchor, chain.gaps = q.end + extra, chain.gaps + gap
    return chain


def _metric(chain: _Chain) -> str:
    """The name a value is stated for: the first that is not a wider total, or, where
    several names of one indicator take a value each, the one whose turn it is
    (财政总收入、一般公共预算收入分别达到1102.6亿元和632亿元: 632 is 一般公共预算收入's)."""
    if chain.each:
        return chain.mentions[chain.count % len(chain.mentions)].text
    return next((m.text for m in chain.mentions if not m.total), chain.mentions[0].text)


def _deal_back(s: _Sentence, q: Quantity, gap: str) -> list[Fact]:
    """分别 after a clause listing several subjects with a value each: the run of numbers
    starting at ``q`` goes to them in order, when the counts agree (a subject that is
    not an indicator, 利润, takes its number and gives no fact)."""
    clause_end = s.text.rfind(",", 0, q.start)
    begin = clause_start(s.text, clause_end, ",;:")
    listed = [
        x
        for x in s.quantities
        if begin <= x.start < clause_end and x.unit is not None and x.unit.dim != "percent"
    ]
    qi = s.quantities.index(q)
    run = s.quantities[qi : qi + _run_length(s, qi)]
    if len(listed) < 2 or len(run) != len(listed):
        return []
    out: list[Fact] = []
    for level, value in zip(listed, run, strict=True):
        chain = s.chain_of.get(level.start)
        if chain is None:
            continue
        for ind_id in chain.ids:
            modifier, extra = modifier_of(gap, s.text[value.end : value.end + 4], value)
            f = _fact(s, chain, s.table[ind_id], value, gap, False, modifier, extra)
            if f is not None:
                out.append(f)
    return out


def _deal(s: _Sentence, chain: _Chain, ids: list[str], q: Quantity, gap: str) -> list[str]:
    """Which indicators get this number: all of them, or the next one of a 分别 round."""
    if chain.dealt and not RUN_SEP.match(gap):
        chain.dealt = 0  # 分别完成37820元、28104元,同比分别增长6.5%、9.4%: a new round
    if chain.skip:
        chain.skip -= 1  # the value of a subject listed before the chain's own
        return []
    if len(ids) == 1:
        return ids
    run = _run_length(s, s.quantities.index(q)) if chain.dealt == 0 else len(ids)
    if chain.dealt == 0 and run > len(ids) and "分别" in gap:
        # 万元GDP用水量、能耗、二氧化碳排放分别降低15%、15%、19%: 用水量 (no indicator)
        # takes the first value; the chain's subjects the rest
        lead = _listed_before(s, chain)
        if lead and lead + len(ids) == run:
            chain.skip = lead - 1
            return []
    if run >= len(ids) or chain.dealt:
        chain.dealt += 1
        return [ids[min(chain.dealt - 1, len(ids) - 1)]]
    return ids


def _carried_in_list(s: _Sentence, chain: _Chain, q: Quantity) -> bool:
    """Is the chain a carried short name (增加值) listed after other subjects, with a run
    of as many values as subjects?"""
    m = chain.mentions[0]
    if len(chain.mentions) != 1 or not (m.carried_after or m.carried_text):
        return False
    cut = clause_start(s.text, chain.start, ",;:。")
    if any(cut <= x.start < chain.start for x in s.quantities):
        return False  # the subjects before have values of their own: dealt back instead
    lead = _listed_before(s, chain)
    return lead > 0 and _run_length(s, s.quantities.index(q)) == lead + 1


def _listed_before(s: _Sentence, chain: _Chain) -> int:
    """How many subjects the clause lists (joined by 、) before the chain's first name."""
    return s.text.count("、", clause_start(s.text, chain.start, ",;:。"), chain.start)


def _qualify(s: _Sentence, chain: _Chain, ids: list[str], q: Quantity, gap: str) -> tuple[str, int]:
    modifier, extra = modifier_of(gap, s.text[q.end : q.end + 4], q)
    if modifier == "point" and chain.count and RUN_SEP.match(gap) and "分别" not in gap:
        modifier = chain.modifier  # 迈上4万亿、5万亿: the qualifier holds for the run
    several = len(ids) > 1 and chain.dealt
    if modifier == "point" and (several or (len(chain.mentions) > 1 and "分别" in gap)):
        # 分别控制在3.5%和5.5%以内: the last qualifier holds for every value
        qi = s.quantities.index(q)
        first = qi
        while first > 0 and RUN_SEP.match(
            s.text[s.quantities[first - 1].end : s.quantities[first].start]
        ):
            first -= 1
        last = s.quantities[first + _run_length(s, first) - 1]
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
    moment = measure in ("level", "rate") and (
        not ind.flow
        or bool(rule_pattern("moment_verbs").search(verb_gap))
        or (s.ctx.status == "plan" and bool(rule_pattern("to_year").search(s.text, 0, q.start)))
    )
    status, period = status_period(
        s.ctx, s.text, chain.gaps + gap, verb_gap, q.start, is_from, s.before, moment, chain.start
    )
    if ind.flow and measure == "level" and not moment:
        _, end = status_period(
            s.ctx, s.text, chain.gaps + gap, verb_gap, q.start, is_from, s.before, True, chain.start
        )
        if end != period:
            s.flow_end[s.offset + q.start] = end
    stretch = s.ctx.status in ("target", "plan") and _stretch(s, q, gap)
    n = q.number
    return Fact(
        indicator=ind.id,
        metric=_metric(chain),
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


def without_shadowed_totals(facts: list[Fact]) -> list[Fact]:
    """Drop a total's facts (全部财政收入6.45亿元) where a narrower name gives the same
    indicator, status, period and measure (地方一般预算收入2.4亿元), and a total that
    stands for its indicator only as a target elsewhere."""
    totals = total_names()

    def rank(f: Fact) -> int:
        t = totals.get(f.metric)
        return 0 if t is None else t.rank

    kept = [
        f
        for f in facts
        if not (f.metric in totals and totals[f.metric].targets_only and f.status != "target")
    ]
    best: dict[tuple[object, ...], int] = {}
    for f in kept:
        key = (f.indicator, f.status, f.period, f.measure)
        best[key] = min(best.get(key, 99), rank(f))
    return [f for f in kept if rank(f) == best[(f.indicator, f.status, f.period, f.measure)]]
