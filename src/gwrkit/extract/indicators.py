"""Names of headline indicators in text (``rules/indicators.yaml``).

>>> [(m.text, m.ids) for m in find_mentions("城乡居民人均可支配收入分别增长4%、6%")]
[('城乡居民人均可支配收入', ('urban_income', 'rural_income'))]
>>> [(m.text, m.ids) for m in find_mentions("机电产品出口增长8%,出口增长5%")]
[('机电产品出口', ()), ('出口', ('exports',))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from gwrkit.core.errors import RuleError
from gwrkit.core.indicators import composed_names, indicators
from gwrkit.core.rules import load_yaml
from gwrkit.core.trie import trie_pattern


@dataclass(frozen=True)
class Mention:
    """A name found in text: ``ids`` is empty for a blocker (a name of something else)."""

    start: int
    end: int
    text: str
    ids: tuple[str, ...]
    carried_after: tuple[str, ...] = ()  # a short name valid only after these indicators
    carried_text: str | None = None  # ... or after text matching this pattern
    qualitative_ids: tuple[str, ...] = ()  # what a joint name means in a qualitative target
    total: bool = False  # a total that stands for the indicator only without its local part


@dataclass(frozen=True)
class Total:
    """A name wider than its indicator (全部财政收入 for fiscal revenue)."""

    rank: int  # the narrowest name of a fact wins; the indicator's own names are 0
    targets_only: bool  # stands for the indicator only as a target


@cache
def total_names() -> dict[str, Total]:
    """Names of totals that stand for an indicator only where the report gives nothing
    narrower (rules: ``totals`` in indicators.yaml)."""
    out: dict[str, Total] = {}
    for row in load_yaml("indicators.yaml").get("totals", []):
        total = Total(int(row["rank"]), bool(row.get("targets_only", False)))
        for n in row["names"]:
            out[str(n)] = total
    return out


@cache
def _names() -> dict[str, Mention]:
    """Each name with the mention it makes (offsets left at zero)."""
    data = load_yaml("indicators.yaml")
    table: dict[str, Mention] = {}
    for name in data.get("blockers", []):
        table[str(name)] = Mention(0, 0, str(name), ())
    for ind in indicators().values():
        for name in ind.names:
            table[name] = Mention(0, 0, name, (ind.id,))
    for row in data.get("joint", []):
        ids = tuple(str(i) for i in row["ids"])
        qual = tuple(str(i) for i in row.get("qualitative", []))
        for name in [*row["names"], *composed_names(row.get("compose", []))]:
            table[str(name)] = Mention(0, 0, str(name), ids, qualitative_ids=qual)
    for row in data.get("totals", []):
        for name in row["names"]:
            table[str(name)] = Mention(0, 0, str(name), (str(row["id"]),), total=True)
    for row in data.get("carried", []):
        after = tuple(str(i) for i in row.get("after", []))
        for name in row["names"]:
            table.setdefault(
                str(name), Mention(0, 0, str(name), (str(row["id"]),), after, row.get("after_text"))
            )
    known = set(indicators())
    for m in table.values():
        if any(i not in known for i in m.ids):
            raise RuleError(f"indicators.yaml: name {m.text!r} refers to an unknown indicator")
    return table


@cache
def _names_re() -> re.Pattern[str]:
    return re.compile(trie_pattern(_names()))


def find_mentions(text: str) -> list[Mention]:
    """Indicator names and blockers in ``text``, longest first at each place, in order."""
    table = _names()
    out: list[Mention] = []
    for m in _names_re().finditer(text):
        proto = table[m.group()]
        if out and _glosses(out[-1], proto, text, m.start(), m.end()):
            # 地区生产总值(GDP), 居民消费价格(CPI): the aside names it again, and is part
            # of the name (地区生产总值(GDP)、一般公共预算收入分别…)
            out[-1] = replace(out[-1], end=m.end() + 1)
            continue
        out.append(replace(proto, start=m.start(), end=m.end()))
    return out


def _glosses(before: Mention, proto: Mention, text: str, start: int, end: int) -> bool:
    """Whether a name in brackets right after a name of the same indicator only repeats
    it (生产总值(GDP)): the aside is then part of the name, not a second subject."""
    return (
        before.end == start - 1
        and text[start - 1] == "("
        and text[end : end + 1] == ")"
        and bool(set(before.ids) & set(proto.ids))
    )
