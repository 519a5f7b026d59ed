"""Units as data (``rules/units.yaml``): the unit written after a number, its
dimension, and its factor to the dimension's base unit.

>>> u = unit_at("人次以上", 0, "万")
>>> (u.written, u.dim, u.factor) if u else None
('万人次', 'person_times', 10000.0)
"""

from __future__ import annotations

import re
from functools import cache

from gwrkit.core.rules import load_yaml
from gwrkit.core.trie import trie_pattern
from gwrkit.core.units import Unit, magnitudes, parse_unit
from gwrkit.core.units import unit_table as _table


@cache
def _unit_re() -> re.Pattern[str]:
    return re.compile(trie_pattern(_table()))


@cache
def _not_unit_re() -> re.Pattern[str]:
    return re.compile(trie_pattern(str(w) for w in load_yaml("units.yaml").get("not_units", [])))


def unit_at(text: str, pos: int, magnitude: str | None = None) -> Unit | None:
    """The unit written at ``text[pos:]`` (after a number whose magnitude is given).

    A number with a magnitude and no unit (5万) gets the magnitude alone as a count.
    """
    mag = magnitudes().get(magnitude or "", 1.0)
    prefix = magnitude or ""
    m = _unit_re().match(text, pos)
    if m is not None and _not_unit_re().match(text, pos):
        m = None  # 13亿多人口: a noun that starts like a unit
    if m is None:
        if magnitude:
            return Unit(prefix, "count", mag, pos)
        return None
    dim, factor = _table()[m.group()]
    return Unit(prefix + m.group(), dim, mag * factor, m.end())


def percent_unit(pos: int) -> Unit:
    return Unit("%", "percent", 1.0, pos)


def with_base(magnitude: str | None, base: str, pos: int) -> Unit | None:
    """A bare magnitude given the indicator's default base unit: 4万亿 → 4万亿元."""
    unit = parse_unit((magnitude or "") + base)
    return None if unit is None else Unit(unit.written, unit.dim, unit.factor, pos)
