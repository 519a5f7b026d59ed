"""Units as data (``rules/units.yaml``): the unit written after a number, its
dimension, and its factor to the dimension's base unit.

>>> u = unit_at("人次以上", 0, "万")
>>> (u.written, u.dim, u.factor) if u else None
('万人次', 'person_times', 10000.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gwrkit.core.errors import RuleError
from gwrkit.core.rules import load_yaml
from gwrkit.core.trie import trie_pattern


@dataclass(frozen=True)
class Unit:
    """A unit as written (magnitude included), its dimension and factor to the base."""

    written: str
    dim: str
    factor: float
    end: int = 0  # where the unit ends in the text it was read from

    @property
    def base(self) -> str:
        return str(_dimensions()[self.dim]["base"])


@cache
def _table() -> dict[str, tuple[str, float]]:
    data = load_yaml("units.yaml")
    out: dict[str, tuple[str, float]] = {}
    dims = _dimensions()
    for row in data.get("units", []):
        try:
            unit, dim, factor = str(row["unit"]), str(row["dim"]), float(row["factor"])
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"units.yaml: bad unit {row!r}: {exc}") from None
        if dim not in dims:
            raise RuleError(f"units.yaml: unit {unit!r} has unknown dimension {dim!r}")
        out[unit] = (dim, factor)
    return out


@cache
def _dimensions() -> dict[str, dict[str, object]]:
    dims = load_yaml("units.yaml").get("dimensions", {})
    if not isinstance(dims, dict):
        raise RuleError("units.yaml: 'dimensions' must be a mapping")
    return {str(k): dict(v) for k, v in dims.items()}


@cache
def magnitudes() -> dict[str, float]:
    mags = load_yaml("units.yaml").get("magnitudes", {})
    return {str(k): float(v) for k, v in mags.items()}


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


def parse_unit(written: str | None) -> Unit | None:
    """A unit string such as the gold's ``万亿斤`` or ``%``; None if unknown."""
    if not written:
        return None
    table = _table()
    if written in table:
        dim, factor = table[written]
        return Unit(written, dim, factor)
    for mag in sorted(magnitudes(), key=len, reverse=True):
        rest = written[len(mag) :]
        if written.startswith(mag) and rest in table:
            dim, factor = table[rest]
            return Unit(written, dim, magnitudes()[mag] * factor)
    if written in magnitudes():
        return Unit(written, "count", magnitudes()[written])
    return None


def with_base(magnitude: str | None, base: str, pos: int) -> Unit | None:
    """A bare magnitude given the indicator's default base unit: 4万亿 → 4万亿元."""
    unit = parse_unit((magnitude or "") + base)
    return None if unit is None else Unit(unit.written, unit.dim, unit.factor, pos)
