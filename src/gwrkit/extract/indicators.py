"""Names of headline indicators in text (``rules/indicators.yaml``).

>>> [(m.text, m.ids) for m in find_mentions("城乡居民人均可支配收入分别增长4%、6%")]
[('城乡居民人均可支配收入', ('urban_income', 'rural_income'))]
>>> [(m.text, m.ids) for m in find_mentions("机电产品出口增长8%,出口增长5%")]
[('机电产品出口', ()), ('出口', ('exports',))]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from gwrkit.core.errors import RuleError
from gwrkit.core.rules import load_yaml
from gwrkit.core.trie import trie_pattern

KINDS = ("amount", "rate", "intensity", "mixed")


@dataclass(frozen=True)
class Indicator:
    id: str
    name_en: str
    kind: str
    dims: tuple[str, ...]
    default_base: str | None
    names: tuple[str, ...]
    any_prefix: bool = False
    better: str = "none"  # higher | lower | none: which way an outcome beats its target
    qualitative: bool = True  # may be a qualitative target
    flow: bool = False  # counts events: a level over several years is their total


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


@cache
def indicators() -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for row in load_yaml("indicators.yaml").get("indicators", []):
        try:
            ind = Indicator(
                str(row["id"]),
                str(row.get("name_en", "")),
                str(row["kind"]),
                tuple(str(d) for d in row.get("dims", [])),
                row.get("default_base"),
                tuple(str(n) for n in row["names"]) + composed_names(row.get("compose", [])),
                bool(row.get("any_prefix", False)),
                str(row.get("better", "none")),
                bool(row.get("qualitative", True)),
                bool(row.get("flow", False)),
            )
        except (KeyError, TypeError) as exc:
            raise RuleError(f"indicators.yaml: bad indicator {row!r}: {exc}") from None
        if ind.kind not in KINDS:
            raise RuleError(f"indicators.yaml: {ind.id} has unknown kind {ind.kind!r}")
        out[ind.id] = ind
    return out


def composed_names(groups: list[Any]) -> tuple[str, ...]:
    """Names built from heads and modifiers: every way of taking one piece of each list,
    in order (``[['', 地方], [一般, 一般公共], [预算收入]]`` → 一般预算收入, 地方一般预算收入 …).
    An empty list is an error: it would silently make no name at all."""
    out: list[str] = []
    for group in groups:
        if not isinstance(group, list) or not group:
            raise RuleError(f"indicators.yaml: bad compose row {group!r}")
        for pieces in group:
            if not isinstance(pieces, list) or not pieces:
                raise RuleError(f"indicators.yaml: empty piece list in compose row {group!r}")
        out.extend("".join(str(x) for x in combo) for combo in itertools.product(*group))
    return tuple(n for n in out if n)


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
    out = []
    for m in _names_re().finditer(text):
        proto = table[m.group()]
        out.append(replace(proto, start=m.start(), end=m.end()))
    return out
