"""The status and period of a fact: the paragraph's (see ``context``), unless its sentence
says more — a named year, 比上年, 年均, a streak (连续18年), a start value (从X增加到Y),
a plan goal inside the targets paragraph, last year's results inside a forward part.

>>> from gwrkit.extract.context import Context
>>> ctx = Context("review", "actual", "year", 2024, 2024)
>>> text = "粮食总产量连续8年稳定在1300亿斤以上"
>>> status_period(ctx, text, "连续8年稳定在", "连续8年稳定在", 12, False, "")
('actual', '2017-2024')
"""

from __future__ import annotations

import re

from gwrkit.core.numerals import digit_string
from gwrkit.extract.connectors import RUN_SEP, rule_pattern
from gwrkit.extract.context import Context, plan_span, streak_years

_YEAR = re.compile(r"((?:19|20)\d\d)年")
_PLAN_END = re.compile(r"十([一二三四五])五”?(?:末|期末)")
_TO_YEAR = re.compile(r"(?:到|至|在)((?:19|20)\d\d|二[〇零0O][一二三四五六七八九〇零0O]{2})年")


def _year_of(raw: str) -> int:
    """2035 or 二〇三五 as a number."""
    return int(raw) if raw.isdigit() else int(digit_string(raw) or 0)


_BASE_YEAR = re.compile(r"(?:比|较)((?:19|20)\d\d)年")


def status_period(
    ctx: Context,
    text: str,
    gaps: str,
    gap: str,
    q_start: int,
    is_from: bool,
    before: str,
    moment: bool = False,
    subject: int = 0,
) -> tuple[str, str]:
    """``gaps``: all the words from the subject to the number; ``gap``: those since the
    previous number of the chain; ``q_start``: where the number stands; ``moment``: the
    fact is a level or rate that holds at one moment (not a flow), so over several years
    it takes the year it holds for (the span's last), unless its words make it a total,
    an average or a state held through the span; ``subject``: where the subject starts."""
    status, period = _status_period(ctx, text, gaps, gap, q_start, is_from, before)
    if not moment or is_from or "-" not in period or status == "target":
        return status, period
    # the words said of this number: its own gap, unless it only continues a run (、8.2%)
    # — 年均增长5%左右、迈上3万亿元: the average is the growth's, the threshold the level's
    own = gaps if RUN_SEP.match(gap) else gap
    if rule_pattern("span_quantity").search(own) or rule_pattern("span_total").search(
        text, 0, subject
    ):
        return status, period
    if status == "actual" and rule_pattern("streak").search(gaps):
        return status, period
    return status, period.rsplit("-", 1)[1]


def _status_period(
    ctx: Context, text: str, gaps: str, gap: str, q_start: int, is_from: bool, before: str
) -> tuple[str, str]:
    status = ctx.status or "actual"
    first, last = ctx.first, ctx.last
    if first is None or last is None:
        return status, ctx.period
    if status == "target" and (
        rule_pattern("past_cue").match(text) or rule_pattern("past_cue").match(before)
    ):
        # 过去一年,我们的各项工作取得了很大成绩。国内生产总值增长10.3%
        return "actual", str(last - 1)
    if status == "target" and ctx.role == "targets":
        # 今后五年…年均增长7% / 2015年国内生产总值将超过55万亿元: a multi-year goal
        later = [int(y) for y in re.findall(r"(20\d\d)年", text[:q_start]) if int(y) > last]
        if later or "年均" in gap or rule_pattern("plan_cue").search(text, 0, q_start):
            a, b = plan_span(last)
            return "plan", f"{a}-{max([b, *later])}"
    if status == "actual":
        first, last = _actual_years(ctx, text, gaps, gap, q_start, is_from)
    elif status == "plan":
        # 到2035年…达到: a plan goal for a year the sentence names
        later = [
            y for y in map(_year_of, _TO_YEAR.findall(text, 0, q_start)) if first < y <= last + 15
        ]
        if later:
            last = later[-1]
        base = _BASE_YEAR.search(gap)  # 比2010年翻一番: the span from the base year
        if base and int(base.group(1)) < first:
            first = int(base.group(1)) + 1
        length = rule_pattern("span_length").search(text, 0, q_start)  # 用13年时间
        n = streak_years(length.group("n")) if length else None
        if n and later:
            first = last - n + 1
    if is_from:
        named_from = [int(y) for y in _YEAR.findall(gap)]
        plan_end = _PLAN_END.search(gap)
        if plan_end:  # 由“十二五”末的29.1亿元: the plan's last year
            named_from.append(2010 + 5 * "一二三四五".index(plan_end.group(1)))
        return status, str(named_from[-1] if named_from else first - 1)
    return status, str(last) if first == last else f"{first}-{last}"


def _actual_years(
    ctx: Context, text: str, gaps: str, gap: str, q_start: int, is_from: bool
) -> tuple[int, int]:
    assert ctx.first is not None and ctx.last is not None
    first, last = ctx.first, ctx.last
    named = (
        [] if is_from else [int(y) for y in rule_pattern("named_year").findall(text, 0, q_start)]
    )
    named = [y for y in named if last - 6 <= y <= last]
    if "年均" in gap and ctx.mode == "year":
        first = last - 4
    elif named and "年均" not in gap:
        first = last = named[-1]
    elif rule_pattern("one_year_change").search(gap):
        first = last
    elif ctx.mode == "year" and rule_pattern("span_cue").search(text, 0, q_start):
        first = last - 4
    elif ctx.mode == "year" and (recent := rule_pattern("recent_years").match(text)):
        first = last - (streak_years(recent.group("n")) or 1) + 1  # 近三年累计,…
    compared = rule_pattern("compared_years").search(text, 0, q_start)
    if compared and int(compared["b"]) < int(compared["a"]) <= ctx.last:
        first, last = int(compared["b"]) + 1, int(compared["a"])  # 2005年与2000年相比,
    span = rule_pattern("named_span").match(text)
    if span and int(span["b"]) < int(span["a"]) <= ctx.last:  # 2003年到2023年,
        # measured from a start value (由103.97亿元增加到…): over the years after it
        after = is_from or "由" in gaps or "从" in gaps
        first, last = int(span["b"]) + after, int(span["a"])
    base = _BASE_YEAR.search(gap)
    if base and int(base.group(1)) < last:  # 比2002年增长65.5%: growth since the base year
        first = int(base.group(1)) + 1
    streak = rule_pattern("streak").search(gaps)
    if streak:
        n = streak_years(streak.group("n"))
        if n:
            first = last - n + 1
    return first, last
