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
from dataclasses import dataclass, replace
from functools import cache

from gwrkit.core.rules import load_yaml
from gwrkit.extract.context import Context, plan_span, streak_years
from gwrkit.extract.indicators import Indicator, Mention, find_mentions, indicators
from gwrkit.extract.quantities import Quantity, find_quantities
from gwrkit.extract.units import Unit, with_base

_MAX_GAP = 32
_CLAUSE_END = re.compile(r"[;。!?]")
_QUAL_SPLIT = re.compile(r"[,;:。!?]")
_JOIN = re.compile(r"^[、和及与]$")
_MAYBE_NUMBER = re.compile(r"[0-9]|百分|亿")
_RUN_SEP = re.compile(r"^(?:左右|以上|以内|以下)?(?:[、,和及]|,分别)$")


@dataclass(frozen=True)
class Fact:
    """One fact; offsets ``nstart``/``nend`` are into the text the extractor read."""

    indicator: str | None
    metric: str
    measure: str
    status: str
    period: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    base_value: float | None
    base_unit: str | None
    modifier: str
    stretch: bool
    direction: str | None
    nstart: int
    nend: int
    role: str
    rule: str
    number_start: int = -1  # where the number itself sits, for coverage
    sentence: int = -1
    start: int = -1  # span in the original text of the file
    end: int = -1
    quote: str = ""

    def key(self) -> tuple[object, ...]:
        """What makes two facts the same fact (quote aside)."""
        return (
            self.indicator,
            self.measure,
            self.status,
            self.period,
            self.modifier,
            self.value,
            self.low,
            self.high,
            self.unit,
        )


@cache
def _rule(name: str) -> re.Pattern[str]:
    return re.compile(str(load_yaml("facts.yaml")[name]["pattern"]))


@cache
def _gap_re(rate: bool) -> re.Pattern[str]:
    data = load_yaml("facts.yaml")
    pieces = [str(p) for p in data["gap_pieces"]["pieces"]]
    pieces.append(r"(?:19|20)\d\d年")
    if rate:
        pieces.extend(str(p) for p in data["rate_gap_pieces"]["pieces"])
    return re.compile("^(?:" + "|".join(f"(?:{p})" for p in pieces) + r"|\s)*$")


@cache
def _modifier_rules() -> tuple[
    list[tuple[str, re.Pattern[str]]], list[tuple[str, re.Pattern[str]]]
]:
    data = load_yaml("facts.yaml")["modifiers"]
    before = [(str(r["modifier"]), re.compile(str(r["pattern"]))) for r in data["before"]]
    after = [(str(r["modifier"]), re.compile(str(r["pattern"]))) for r in data["after"]]
    return before, after


def gap_ok(gap: str, kind: str) -> bool:
    if len(gap) > _MAX_GAP:
        return False
    return _gap_re(kind in ("rate", "mixed")).match(gap) is not None


def _modifier(gap: str, after: str, q: Quantity) -> tuple[str, int]:
    """The modifier of ``q`` and how many characters after it belong to the fact."""
    if q.number.value is None:
        return "range", 0
    before_rules, after_rules = _modifier_rules()
    if q.approx:
        return "at_least", 0
    for mod, pat in after_rules:
        m = pat.search(after)
        if m:
            return mod, m.end()
    for mod, pat in before_rules:
        if pat.search(gap):
            return mod, 0
    return "point", 0


def _measure(ind: Indicator, unit: Unit, gap: str) -> str | None:
    if unit.dim == "percent":
        if ind.kind in ("amount", "intensity"):
            return "growth"
        if ind.kind == "mixed":
            return "growth" if _rule("change_verbs").search(gap) else "rate"
        return "rate"
    if unit.dim == "points":
        return None if ind.kind == "amount" else "change_pp"
    if unit.dim == "times":
        return "growth" if ind.kind == "amount" and _rule("change_verbs").search(gap) else None
    if unit.dim == "permille":
        return "rate" if ind.kind == "rate" else None
    if unit.dim in ind.dims:
        return "level"
    return None


def _unit_for(ind: Indicator, q: Quantity, text: str) -> Unit | None:
    unit = q.unit
    if unit is None:
        return None
    if unit.dim == "count" and unit.written in ("万", "亿", "万亿", "千"):
        if ind.default_base and _rule("bare_magnitude").search(text[q.end : q.end + 6]):
            return with_base(q.number.magnitude, ind.default_base, unit.end)
        return None
    return unit


def _accepts(ind: Indicator, q: Quantity, text: str) -> bool:
    """Could ``q`` be a value of ``ind`` at all (its unit fits)?"""
    unit = _unit_for(ind, q, text)
    if unit is None:
        return False
    if unit.dim in ("percent", "times"):
        return True
    if unit.dim in ("points", "permille"):
        return ind.kind != "amount"
    return unit.dim in ind.dims


class _Chain:
    def __init__(self, mention: Mention) -> None:
        self.mentions = [mention]
        self.anchor = mention.end
        self.gaps = ""
        self.count = 0  # numbers tied so far
        self.dealt = 0  # numbers dealt out with 分别
        self.skips: list[tuple[int, int]] = []  # comparison phrases left out of gaps
        self.modifier = "point"
        self.round_gap = ""

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


def _carried_ok(m: Mention, text: str, seen: list[str], before: str) -> bool:
    """A carried name (总产量) stands at the start of a clause, after its related subject."""
    if not m.carried_after and not m.carried_text:
        return True
    if m.start > 0 and text[m.start - 1] not in ",、;:":
        return False
    if m.carried_after and seen and seen[-1] in m.carried_after:
        return True
    window = (before + text[: m.start])[-24:]
    return bool(m.carried_text and re.search(m.carried_text, window))


def _prefix_ok(text: str, m: Mention, region: str) -> bool:
    """Only the region, a verb or a time may stand before a subject in its clause."""
    cut = max(text.rfind(c, 0, m.start) for c in ",、;。:!?") + 1
    pattern = _prefix_re(region)
    return pattern.match(text[cut : m.start]) is not None


@cache
def _prefix_re(region: str) -> re.Pattern[str]:
    raw = str(load_yaml("facts.yaml")["subject_prefix"]["pattern"])
    return re.compile(raw.replace("{region}", re.escape(region) if region else "(?!)"))


def _status_period(
    ctx: Context, text: str, chain: _Chain, gap: str, q: Quantity, is_from: bool, before: str
) -> tuple[str, str]:
    """The status and period of a fact: the paragraph's, unless the sentence says more."""
    status = ctx.status or "actual"
    first, last = ctx.first, ctx.last
    if first is None or last is None:
        return status, ctx.period
    if status == "target" and (_rule("past_cue").match(text) or _rule("past_cue").match(before)):
        return "actual", str(
            last - 1
        )  # 过去一年,我们的各项工作取得了很大成绩。国内生产总值增长10.3%
    if status == "target" and ctx.role == "targets":
        # 今后五年…年均增长7% / 2015年国内生产总值将超过55万亿元: a multi-year goal
        later = [int(y) for y in re.findall(r"(20\d\d)年", text[: q.start]) if int(y) > last]
        if later or "年均" in gap or _rule("plan_cue").search(text, 0, q.start):
            a, b = plan_span(last)
            return "plan", f"{a}-{max([b, *later])}"
    if status == "actual":
        named = [int(y) for y in _rule("named_year").findall(text, 0, q.start)]
        if is_from:
            named = []
        named = [y for y in named if last - 6 <= y <= last]
        if "年均" in gap and ctx.mode == "year":
            first, last = last - 4, last
        elif named and "年均" not in gap:
            first = last = named[-1]
        elif _rule("one_year_change").search(gap):
            first = last
        elif ctx.mode == "year" and _rule("span_cue").search(text, 0, q.start):
            first = last - 4
        streak = _rule("streak").search(chain.gaps + gap)
        if streak:
            n = streak_years(streak.group("n"))
            if n:
                first = last - n + 1
    if is_from:
        named_from = [int(y) for y in re.findall(r"((?:19|20)\d\d)年", gap)]
        return status, str(named_from[-1] if named_from else first - 1)
    return status, str(last) if first == last else f"{first}-{last}"


def _stretch(text: str, q_end: int, next_start: int, gap: str) -> bool:
    stop = _CLAUSE_END.search(text, q_end)
    end = min(stop.start() if stop else len(text), next_start)
    return bool(_rule("stretch").search(text[q_end:end]) or "力争" in gap)


def _run_length(text: str, quantities: list[Quantity], i: int) -> int:
    """How many quantities from ``quantities[i]`` follow each other, joined by 、/和."""
    n = 1
    while i + n < len(quantities):
        prev, nxt = quantities[i + n - 1], quantities[i + n]
        if nxt.kind != "quantity" or not _RUN_SEP.match(text[prev.end : nxt.start]):
            break
        n += 1
    return n


def extract_text(text: str, ctx: Context, offset: int = 0, before: str = "") -> list[Fact]:
    """Headline facts of one sentence (``offset`` is added to every span).

    ``before`` is the sentence before it in the paragraph, where a carried subject's
    reference may stand (粮食生产再获丰收。播种面积达到8780.7万亩).
    """
    if ctx.status is None:
        return []
    if ctx.role != "targets" and not _MAYBE_NUMBER.search(text):
        return []  # no digit, no 百分之/个百分点, no 万亿元: no quantity, no fact
    quantities = [q for q in find_quantities(text) if q.kind == "quantity"]
    mentions = find_mentions(text)
    facts = _quantitative(text, ctx, offset, quantities, mentions, before)
    if ctx.status == "target" and ctx.role == "targets":
        facts.extend(_qualitative(text, ctx, offset, mentions, facts))
    return facts


def _quantitative(
    text: str,
    ctx: Context,
    offset: int,
    quantities: list[Quantity],
    mentions: list[Mention],
    before: str,
) -> list[Fact]:
    table = indicators()
    tokens: list[tuple[int, int, Mention | Quantity]] = [(m.start, 0, m) for m in mentions]
    tokens += [(q.start, 1, q) for q in quantities]
    tokens.sort(key=lambda t: (t[0], t[1]))
    facts: list[Fact] = []
    seen: list[str] = []
    chain: _Chain | None = None
    mention_starts = [m.start for m in mentions]
    for _pos, _, tok in tokens:
        if isinstance(tok, Mention):
            if chain is not None and chain.count == 0:
                cmp = _rule("comparison").search(text, max(0, tok.start - 8), tok.start)
                if cmp:
                    chain.skips.append((cmp.start(), tok.end))
                    continue
            if (
                not tok.ids
                or not _carried_ok(tok, text, seen, before)
                or _rule("denominator").search(text, max(0, tok.start - 4), tok.start)
                or (
                    ctx.role != "targets"
                    and not all(table[i].any_prefix for i in tok.ids)
                    and not _prefix_ok(text, tok, ctx.region)
                )
            ):
                chain = None
                continue
            seen.extend(tok.ids)
            if chain and chain.count == 0 and _JOIN.match(text[chain.anchor : tok.start]):
                chain.mentions.append(tok)
                chain.anchor = tok.end
            else:
                chain = _Chain(tok)
            continue
        q = tok
        if chain is None or q.start < chain.anchor:
            continue
        gap = chain.gap(text, q.start)
        ids = chain.ids
        kinds = {table[i].kind for i in ids}
        kind = "rate" if kinds & {"rate", "mixed"} else next(iter(kinds))
        if not any(_accepts(table[i], q, text) for i in ids):
            continue  # 连跨4个千亿台阶: a number of another kind, read past it
        if not gap_ok(gap, kind):
            chain = None
            continue
        if text.startswith("的", q.end) and q.unit is not None and q.unit.dim != "percent":
            continue  # 超千亿元的县域: an attribute of something else
        is_from = bool(_rule("from_value").search(gap))
        if q.unit is not None and any(q.unit.dim in table[i].dims for i in ids):
            tail = gap.rsplit(",", 1)[-1]
            if _rule("absolute_change").search(tail) and not is_from:
                chain.anchor, chain.gaps = q.end, chain.gaps + gap
                continue
        if len(ids) == 1 and "分别" in gap:
            chain = None  # 对东盟、欧盟出口分别增长…: parts of the indicator, not it
            continue
        if chain.dealt and not _RUN_SEP.match(gap):
            chain.dealt = 0  # 分别完成37820元、28104元,同比分别增长6.5%、9.4%: a new round
        # which indicators get this number
        if len(ids) > 1:
            qi = quantities.index(q)
            run = _run_length(text, quantities, qi) if chain.dealt == 0 else len(ids)
            if run >= len(ids) or chain.dealt:
                targets = [ids[min(chain.dealt, len(ids) - 1)]]
                chain.dealt += 1
            else:
                targets = ids
        else:
            targets = ids
        modifier, extra = _modifier(gap, text[q.end : q.end + 4], q)
        if modifier == "point" and chain.count and _RUN_SEP.match(gap) and "分别" not in gap:
            modifier = chain.modifier  # 迈上4万亿、5万亿: the qualifier holds for the run
        if modifier == "point" and len(ids) > 1 and chain.dealt:
            # 分别控制在3.5%和5.5%以内: the last qualifier holds for every value
            qi = quantities.index(q)
            last = quantities[min(qi + len(ids) - chain.dealt, len(quantities) - 1)]
            modifier, _ = _modifier("", text[last.end : last.end + 4], last)
        next_mention = next((s for s in mention_starts if s > q.end), len(text))
        stretch = ctx.status in ("target", "plan") and _stretch(text, q.end, next_mention, gap)
        tied = False
        for ind_id in targets:
            ind = table[ind_id]
            unit = _unit_for(ind, q, text)
            measure = _measure(ind, unit, chain.gaps + gap) if unit else None
            if unit is None or measure is None:
                continue
            if unit.dim == "percent" and ind.kind == "amount" and is_from:
                continue
            direction = None
            verb_gap = chain.round_gap if _RUN_SEP.match(gap) else gap
            if measure in ("growth", "rate", "change_pp") and _rule("down_verbs").search(verb_gap):
                direction = "down"
            n = q.number
            value = n.value
            status, period = _status_period(ctx, text, chain, gap, q, is_from, before)
            facts.append(
                Fact(
                    indicator=ind_id,
                    metric=chain.mentions[0].text,
                    measure=measure,
                    status=status,
                    period=period,
                    value=value,
                    low=n.low,
                    high=n.high,
                    unit=unit.written,
                    base_value=None if value is None else value * unit.factor,
                    base_unit=unit.base,
                    modifier=modifier,
                    stretch=stretch,
                    direction=direction,
                    nstart=offset + chain.start,
                    nend=offset + q.end + extra,
                    role=ctx.role,
                    rule="chain",
                    number_start=offset + q.start,
                )
            )
            tied = True
        if tied:
            if not _RUN_SEP.match(gap):
                chain.round_gap = gap  # the verbs of a run: 分别降低13.5%、18%
            chain.modifier = modifier
            chain.count += 1
            chain.anchor, chain.gaps = q.end + extra, chain.gaps + gap
    return facts


def _qualitative(
    text: str, ctx: Context, offset: int, mentions: list[Mention], facts: list[Fact]
) -> list[Fact]:
    out: list[Fact] = []
    covered = [(f.nstart - offset, f.nend - offset) for f in facts]
    start = 0
    for m in [*_QUAL_SPLIT.finditer(text), None]:
        end = m.start() if m else len(text)
        clause = text[start:end]
        inside = [x for x in mentions if start <= x.start and x.end <= end and x.ids]
        if (
            inside
            and not find_quantities(clause)
            and not any(s < end and start < e for s, e in covered)
        ):
            first = inside[0]
            if _rule("qualitative").search(text[first.end : end]):
                if _rule("qualitative_tie").search(clause):
                    # 城乡居民人均收入实际增长与经济增长同步: what it is tied to is no subject
                    tied_to = first.start > 0 and text[first.start - 1] in "与和同"
                    inside = [] if tied_to else [first]
                ids: list[str] = []
                for x in inside:
                    xs = x.qualitative_ids or x.ids
                    ids.extend(i for i in xs if i not in ids)
                for ind_id in ids:
                    out.append(
                        Fact(
                            ind_id,
                            first.text,
                            "qualitative",
                            "target",
                            ctx.period,
                            None,
                            None,
                            None,
                            None,
                            None,
                            None,
                            "qualitative",
                            False,
                            None,
                            offset + first.start,
                            offset + end,
                            ctx.role,
                            "qualitative",
                        )
                    )
        start = m.end() if m else len(text)
    return out


def apply_stretch_all(facts: list[Fact], sentences: list[str]) -> list[Fact]:
    """A sentence like 确定以上目标…争取更好结果 makes every target of its paragraph a stretch."""
    if any(_rule("stretch_all").search(s) for s in sentences):
        return [replace(f, stretch=True) if f.status == "target" else f for f in facts]
    return facts
