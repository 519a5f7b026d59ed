"""Recall without labels: every sentence of a review, targets or plan part that names a
headline indicator and carries a number, but yields no headline fact for it — with the
reason a rule gives (``rules/audit.yaml``), or ``unexplained``.

>>> from gwrkit.extract.indicators import find_mentions
>>> from gwrkit.extract.quantities import find_quantities
>>> def why(text: str) -> tuple[str, str]:
...     ms, qs = find_mentions(text), find_quantities(text)
...     return _why(text, ms[0], ms[0].ids[0], ms, qs, "")
>>> why("一季度地区生产总值增长5.3%")
('quarterly', '一季度')
>>> why("经济总量超千亿元的县域达12个")
('attribute', '超千亿元的县域')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from gwrkit.core.indicators import indicators
from gwrkit.core.rules import load_yaml
from gwrkit.core.schema import Document, Fact
from gwrkit.extract.connectors import (
    accepts,
    carried_ok,
    clause_start,
    gap_ok,
    higher_area,
    prefix_ok,
    rule_pattern,
)
from gwrkit.extract.context import paragraph_contexts
from gwrkit.extract.indicators import Mention, find_mentions, total_names
from gwrkit.extract.quantities import Quantity, find_quantities

AUDITED_ROLES = ("review", "review_multi_year", "targets", "plan")
_CLAUSE = re.compile(r"[,;。!?:]")


@dataclass(frozen=True)
class AuditItem:
    """An indicator named in a sentence with numbers, with no headline fact of it there."""

    source: str
    indicator: str
    name: str  # the name as written
    role: str
    reason: str  # an id of rules/audit.yaml, qualified_name, not_its_unit, other_subject,
    # words_between, absolute_change, parts, total, said_elsewhere, higher_area, or
    # unexplained
    detail: str  # the words that decided it
    sentence: str
    start: int  # the sentence's span in the original text
    end: int


@cache
def _reasons() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple(
        (str(r["id"]), str(r["where"]), re.compile(str(r["pattern"])))
        for r in load_yaml("audit.yaml")["reasons"]
    )


def audit_document(doc: Document, facts: list[Fact], source: str = "") -> list[AuditItem]:
    """The audit items of one report, given its extracted facts."""
    by_sentence: dict[int, set[str]] = {}
    values: set[tuple[str, float]] = set()  # what the report states somewhere
    for f in facts:
        if f.indicator:
            by_sentence.setdefault(f.sentence, set()).add(f.indicator)
            if f.value is not None:
                values.add((f.indicator, f.value))
    out: list[AuditItem] = []
    for p, ctx in zip(doc.paragraphs, paragraph_contexts(doc), strict=True):
        if ctx.status is None or ctx.role not in AUDITED_ROLES:
            continue
        for s in doc.sentences[p.first_sentence : p.first_sentence + p.sentence_count]:
            quantities = [q for q in find_quantities(s.text) if q.kind == "quantity"]
            if not quantities:
                continue
            mentions = find_mentions(s.text)
            done = by_sentence.get(s.index, set())
            seen: set[str] = set()
            named: list[str] = []
            before = doc.sentences[s.index - 1].text if s.index > p.first_sentence else ""
            for m in mentions:
                if not carried_ok(m, s.text, named, before):
                    continue  # 产量, 增加值 … not after their subject: not a name here
                named.extend(m.ids)
                for ind in m.ids:
                    if ind in done or ind in seen:
                        continue
                    seen.add(ind)
                    reason, detail = _why(s.text, m, ind, mentions, quantities, ctx.region)
                    if reason == "unexplained" and higher_area(s.text, m.start, ctx.level):
                        reason = "higher_area"  # 全省财政收入 in a prefecture's report
                    if reason == "unexplained" and m.text in total_names():
                        reason = "total"  # 全部财政收入 beside the local figure
                    elif reason == "unexplained" and any(
                        (ind, q.number.value) in values for q in quantities if q.start >= m.end
                    ):
                        reason = "said_elsewhere"  # 提出居民消费价格涨幅3%左右,综合考虑了…
                    out.append(
                        AuditItem(
                            source, ind, m.text, p.role, reason, detail, s.text, s.start, s.end
                        )
                    )
    return out


def _why(
    text: str,
    m: Mention,
    ind: str,
    mentions: list[Mention],
    quantities: list[Quantity],
    region: str,
) -> tuple[str, str]:
    cut = clause_start(text, m.start, ",;。!?:")
    stop = _CLAUSE.search(text, m.end)
    end = stop.start() if stop else len(text)
    parts = {"clause": text[cut:end], "before": text[cut : m.start], "after": text[m.end : end]}
    for rid, where, pattern in _reasons():
        hit = pattern.search(parts[where])
        if hit:
            return rid, hit.group()
    table = indicators()
    if not table[ind].any_prefix and not prefix_ok(text, m, region):
        return "qualified_name", parts["before"]  # 纺织工业增加值, 中央财政此项支出
    later = [q for q in quantities if q.start >= m.end]
    fitting = [q for q in later if accepts(table[ind], q, text)]
    if not fitting:
        return "not_its_unit", ", ".join(q.text for q in later[:3])
    q = fitting[0]
    between = [x for x in mentions if m.end <= x.start < q.start]
    if between:
        return "other_subject", between[0].text
    gap = text[m.end : q.start]
    kind = table[ind].kind
    if not gap_ok(gap, "rate" if kind in ("rate", "mixed") else kind):
        return "words_between", gap
    if rule_pattern("absolute_change").search(gap) and q.unit and q.unit.dim != "percent":
        return "absolute_change", gap + q.text  # 农民人均收入增加1207元: a change
    if "分别" in gap and "、" in parts["before"] + text[cut : m.start]:
        return "parts", parts[
            "before"
        ]  # 国控、省控断面水质优良率分别…, 农产品网络零售额、出口额分别…
    return "unexplained", q.text


def summary(items: list[AuditItem]) -> dict[str, dict[str, int]]:
    """Counts per reason, per indicator and per report."""
    return {
        "by_reason": dict(Counter(i.reason for i in items).most_common()),
        "by_indicator": dict(Counter(i.indicator for i in items).most_common()),
        "by_report": dict(Counter(i.source for i in items).most_common()),
    }
