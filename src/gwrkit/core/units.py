"""Units as data (``rules/units.yaml``): a unit as written, its dimension, and its factor
to the dimension's base unit.  The table every stage converts with; finding a unit in
text is the extractor's (``extract/units.py``).

>>> u = parse_unit("万亿斤")
>>> (u.dim, u.factor) if u else None
('mass', 500000000000.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from gwrkit.core.errors import RuleError
from gwrkit.core.rules import load_yaml


@dataclass(frozen=True)
class Unit:
    """A unit as written (magnitude included), its dimension and factor to the base."""

    written: str
    dim: str
    factor: float
    end: int = 0  # where the unit ends in the text it was read from

    @property
    def base(self) -> str:
        return str(dimensions()[self.dim]["base"])


@cache
def unit_table() -> dict[str, tuple[str, float]]:
    data = load_yaml("units.yaml")
    out: dict[str, tuple[str, float]] = {}
    dims = dimensions()
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
def dimensions() -> dict[str, dict[str, object]]:
    dims = load_yaml("units.yaml").get("dimensions", {})
    if not isinstance(dims, dict):
        raise RuleError("units.yaml: 'dimensions' must be a mapping")
    return {str(k): dict(v) for k, v in dims.items()}


@cache
def magnitudes() -> dict[str, float]:
    mags = load_yaml("units.yaml").get("magnitudes", {})
    return {str(k): float(v) for k, v in mags.items()}


def parse_unit(written: str | None) -> Unit | None:
    """A unit string such as the gold's ``万亿斤`` or ``%``; None if unknown."""
    if not written:
        return None
    table = unit_table()
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


@cache
def split_units() -> dict[str, tuple[str, str]]:
    """Units written around their number (每立方米20微克): the unit read after the number
    → (the words that end the text before it, the whole unit)."""
    rows = load_yaml("units.yaml").get("split_units", [])
    return {str(r["after"]): (str(r["before"]), str(r["unit"])) for r in rows}
