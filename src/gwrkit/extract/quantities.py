"""Every number of a text, each either a quantity (a number with its unit) or a
classified non-quantity (a year, a date, an ordinal, a name such as PM2.5 or 5G, a list
marker …), so that nothing numeric is silently dropped.

>>> [(q.text, q.kind, q.unit.written if q.unit else None) for q in find_quantities(
...     "2024年粮食产量1344亿斤,居全国第2位,PM2.5浓度下降6%")]
[('2024', 'year', None), ('1344亿斤', 'quantity', '亿斤'), ('2', 'ordinal', None), \
('2.5', 'name', None), ('6%', 'quantity', '%')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from gwrkit.core.errors import RuleError
from gwrkit.core.rules import load_yaml
from gwrkit.core.units import Unit, magnitudes, parse_unit
from gwrkit.extract.numbers import Number, find_numbers
from gwrkit.extract.units import percent_unit, unit_at

# 千亿元 / 万亿元 with no digit before: 1000亿元 / 1万亿元 (保持在千亿元以上, 重回万亿元规模)
# 6300多万人, 130余项: an approximate number, its magnitude and unit after 多/余
_APPROX = re.compile(r"(多|余)(万亿|亿|万|千)?")
# 分别提高20.9、36.2、54个百分点: list members that share the last member's unit
_LIST_SEP = re.compile(r"[、和]|[-—~至到]{1,2}")

_BARE_MAGNITUDE = re.compile(
    r"(?<![\d〇零一二两三四五六七八九十百千万亿.个])(百亿|千亿|万亿)(元|美元|斤)"
)


@dataclass(frozen=True)
class Quantity:
    """A number found in text: ``kind`` is ``quantity`` or the class of a non-quantity."""

    start: int
    end: int
    number: Number
    unit: Unit | None
    kind: str
    rule: str
    text: str
    approx: bool = False  # 6300多万人: at least the number

    @property
    def arabic(self) -> bool:
        return any("0" <= c <= "9" for c in self.number.text)


@dataclass(frozen=True)
class _NonQuantityRule:
    id: str
    cls: str
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    value: re.Pattern[str] | None
    text: re.Pattern[str] | None = None


@cache
def _rules() -> tuple[_NonQuantityRule, ...]:
    out = []
    for row in load_yaml("nonquantities.yaml").get("rules", []):

        def comp(key: str, row: dict[str, str] = row) -> re.Pattern[str] | None:
            return re.compile(row[key]) if key in row else None

        out.append(
            _NonQuantityRule(
                str(row["id"]),
                str(row["class"]),
                comp("before"),
                comp("after"),
                comp("value"),
                comp("text"),
            )
        )
    return tuple(out)


def _value_text(n: Number) -> str:
    raw = re.match(r"\d[\d,]*(?:\.\d+)?", n.text)
    if raw:
        return raw.group()
    v = n.value if n.value is not None else n.low
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def classify(text: str, n: Number) -> str | None:
    """The rule id of the non-quantity class of ``n`` in ``text``, if one fits."""
    before = text[max(0, n.start - 40) : n.start]
    after = text[n.end : n.end + 16]
    value = _value_text(n)
    afters, some_before, rules = _screens()
    # one match tells which rules' `after` patterns fit (each a group of `afters`, set
    # or None), one search whether any rule that tests only `before` can fit
    fits = afters.match(after).groups()  # type: ignore[union-attr]  # always matches
    for rid, group, value_re, text_re, before_re in rules[some_before.search(before) is not None]:
        if group is not None and fits[group] is None:
            continue
        if value_re is not None and not value_re.search(value):
            continue
        if text_re is not None and not text_re.search(n.text):
            continue
        if before_re is not None and not before_re.search(before):
            continue
        return rid
    return None


@cache
def _rule_tuples() -> tuple[tuple[str, Any, Any, Any, Any], ...]:
    return tuple((r.id, r.after, r.value, r.text, r.before) for r in _rules())


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")

# a rule as classify tries it: id, its group in the `afters` regex (None: no `after`),
# and its value, text and before patterns
_Row = tuple[
    str, int | None, re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None
]


@cache
def _screens() -> tuple[re.Pattern[str], re.Pattern[str], dict[bool, tuple[_Row, ...]]]:
    """The rules in two regexes: ``afters``, every rule's ``after`` pattern (anchored at
    the start, as each is) in a look-ahead of its own group, so that one match gives
    each rule's answer; ``some_before``, the ``before`` patterns of the rules that test
    nothing else, which rules them all out at once where it does not match.  Then the
    rules as (id, group in ``afters`` or None, value, text, before) to try in order,
    without those ``some_before`` ruled out when it did not match."""
    rules = _rule_tuples()
    for rid, after_re, _value, _text, before_re in rules:
        if after_re is not None and not after_re.pattern.startswith("^"):
            raise RuleError(f"nonquantities.yaml: {rid}: `after` must start with ^")
        for pattern in (after_re, before_re):  # joined into one regex, a number would move
            if pattern is not None and _BACKREFERENCE.search(pattern.pattern):
                raise RuleError(f"nonquantities.yaml: {rid}: no back-references, please")
    afters = re.compile(
        "".join(
            f"(?:(?=(?P<r{i}>{r[1].pattern}))|)" for i, r in enumerate(rules) if r[1] is not None
        )
    )
    only_before = [r for r in rules if r[1] is None and r[2] is None and r[3] is None]
    rows: tuple[_Row, ...] = tuple(
        (r[0], afters.groupindex[f"r{i}"] - 1 if r[1] is not None else None, r[2], r[3], r[4])
        for i, r in enumerate(rules)
    )
    return (
        afters,
        re.compile("|".join(f"(?:{r[4].pattern})" for r in only_before)),
        {
            True: rows,
            False: tuple(row for row, r in zip(rows, rules, strict=True) if r not in only_before),
        },
    )


@cache
def _class_of() -> dict[str, str]:
    return {r.id: r.cls for r in _rules()}


def find_quantities(text: str) -> list[Quantity]:
    """Every number of ``text`` with its unit or its non-quantity class, in order."""
    return list(_find_quantities(text))


@lru_cache(maxsize=512)
def _find_quantities(text: str) -> tuple[Quantity, ...]:
    # cached: a sentence is read for its facts, then again for all its quantities
    out: list[Quantity] = []
    numbers = find_numbers(text)
    for n in numbers:
        out.append(_quantity(text, n))
    taken = [(n.start, n.end) for n in numbers]
    for m in _BARE_MAGNITUDE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        value, mag = {"百亿": (100.0, "亿"), "千亿": (1000.0, "亿")}.get(m.group(1), (1.0, "万亿"))
        n = Number(
            m.start(), m.start() + len(m.group(1)), value, None, None, False, mag, m.group(1)
        )
        unit = unit_at(text, n.end, mag)
        end = unit.end if unit else n.end
        out.append(Quantity(n.start, end, n, unit, "quantity", "bare", text[n.start : end]))
    out.sort(key=lambda q: q.start)
    return tuple(_share_units(text, out))


def _quantity(text: str, n: Number) -> Quantity:
    if n.percent:
        return Quantity(n.start, n.end, n, percent_unit(n.end), "quantity", "percent", n.text)
    if n.text.endswith("百分点"):
        unit = parse_unit("个百分点")
        return Quantity(n.start, n.end, n, unit, "quantity", "points", n.text)
    rule = classify(text, n)
    if rule is not None:
        return Quantity(n.start, n.end, n, None, _class_of()[rule], rule, n.text)
    approx = _APPROX.match(text, n.end)
    if approx is not None and n.magnitude and approx.group(2):
        # 3万多亿元: the magnitudes join (万 + 亿 = 万亿)
        joined = n.magnitude + approx.group(2)
        approx = approx if joined in magnitudes() else None
    if approx is not None:
        mag = (n.magnitude or "") + (approx.group(2) or "") or None
        unit = unit_at(text, approx.end(), mag)
        if unit is not None or (approx.group(1) == "多" and mag):
            end = unit.end if unit else approx.end()
            n = Number(n.start, n.end, n.value, n.low, n.high, n.percent, mag, n.text)
            return Quantity(n.start, end, n, unit, "quantity", "approx", text[n.start : end], True)
    unit = unit_at(text, n.end, n.magnitude)
    if unit is not None:
        end = max(unit.end, n.end)
        return Quantity(n.start, end, n, unit, "quantity", "unit", text[n.start : end])
    return Quantity(n.start, n.end, n, None, "unclassified", "none", n.text)


def _share_units(text: str, out: list[Quantity]) -> list[Quantity]:
    """Give list members without a unit the unit of the member that ends the list."""
    result = list(out)
    for i in range(len(result) - 2, -1, -1):
        q, nxt = result[i], result[i + 1]
        if (
            q.kind == "unclassified"
            and nxt.kind == "quantity"
            and nxt.unit is not None
            and _LIST_SEP.fullmatch(text[q.end : nxt.start])
        ):
            unit = nxt.unit
            if nxt.number.magnitude:
                unit = unit_at(text, nxt.number.end, nxt.number.magnitude) or unit
            result[i] = Quantity(q.start, q.end, q.number, unit, "quantity", "shared_unit", q.text)
    return result
