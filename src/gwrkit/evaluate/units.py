"""The judge's own unit conversion, independent of the extractor's (a shared parser
would make a unit error invisible to the score): a unit as written is an optional
magnitude (万, 亿, 万亿 …) and a base unit of the gold README; two numbers compare
after conversion to the base unit of their dimension.

>>> to_base(1.3, "万亿斤"), to_base(6500, "亿公斤")
((650000000000.0, 'mass'), (650000000000.0, 'mass'))
"""

from __future__ import annotations

MAGNITUDES = (
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("千万", 1e7),
    ("百万", 1e6),
    ("亿", 1e8),
    ("万", 1e4),
    ("千", 1e3),
    ("百", 1e2),
)

# unit → (dimension, factor to the dimension's base); the longest match wins
UNITS: dict[str, tuple[str, float]] = {
    "元": ("money_cny", 1.0),
    "美元": ("money_usd", 1.0),
    "人": ("people", 1.0),
    "名": ("people", 1.0),
    "人次": ("person_times", 1.0),
    "斤": ("mass", 0.5),
    "公斤": ("mass", 1.0),
    "千克": ("mass", 1.0),
    "吨": ("mass", 1000.0),
    "亩": ("area", 2000.0 / 3.0),
    "公顷": ("area", 1e4),
    "平方公里": ("area", 1e6),
    "%": ("percent", 1.0),
    "‰": ("permille", 1.0),
    "个百分点": ("points", 1.0),
    "百分点": ("points", 1.0),
    "倍": ("times", 1.0),
    "番": ("doubling", 1.0),
    "天": ("days", 1.0),
    "个": ("count", 1.0),
    "家": ("count", 1.0),
    "户": ("count", 1.0),
    "微克/立方米": ("concentration", 1.0),
    "微克每立方米": ("concentration", 1.0),
}


def to_base(value: float, unit: str | None) -> tuple[float, str | None]:
    """``value`` in ``unit`` → (value in the base unit, dimension); a unit this table does
    not know is its own dimension with factor 1, so it only matches itself."""
    if not unit:
        return value, None
    if unit in UNITS:
        dim, factor = UNITS[unit]
        return value * factor, dim
    for prefix, mag in MAGNITUDES:
        rest = unit[len(prefix) :]
        if unit.startswith(prefix) and (rest in UNITS or not rest):
            dim, factor = UNITS[rest] if rest else ("count", 1.0)
            return value * mag * factor, dim
    return value, unit


def dimension(unit: str | None) -> str | None:
    return to_base(1.0, unit)[1]
