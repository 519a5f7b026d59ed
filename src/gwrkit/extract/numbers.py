"""Numbers as written in reports: 1,100 · 6.5 · 4.77万 · 1.3万亿 · 百分之六 · 两到三个百分点 ·
4.5%—5% · 二〇三五年.

Arabic numbers are found anywhere; Chinese numerals only where the words around them make
them numbers (百分之…, …个百分点, a range of percentage points, a digit-by-digit year), so
that 一般, 一体化, 六稳 and 十四五 are never read as numbers.  Nothing here raises: text with
no number gives an empty list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gwrkit.core.numerals import DIGITS, cn_to_int, digit_string

_CN = "〇零一二两三四五六七八九十百千"
# 千 is a magnitude (3千家) but not the start of a unit (750千伏, 1000千瓦, 6千米)
_MAG = r"万亿|千亿|百亿|亿|千万|百万|万|千(?![瓦伏米克卡])"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = re.compile(
    rf"(?<![\d.])(?P<a>{_ARABIC})(?P<amag>{_MAG})?(?P<apct>%)?"
    rf"(?:(?P<sep>[-—–~～]{{1,2}}|至|到)(?P<b>{_ARABIC})(?P<bmag>{_MAG})?(?P<bpct>%)?)?"
    rf"|百分之(?P<cnpct>[{_CN}点]{{1,6}})"
    rf"|(?P<cnlo>[{_CN}]{{1,3}})(?:到|至)(?P<cnhi>[{_CN}]{{1,3}})个百分点"
    rf"|(?P<cnpp>[{_CN}]{{1,4}}(?:点[{_CN}]{{1,3}})?)个百分点"
    rf"|(?P<cnyear>[〇零一二三四五六七八九]{{4}})年"
)
# every match of _NUMBER starts with one of these (a digit, or 百分之 and the Chinese
# numerals): finding them first and trying _NUMBER only there gives finditer's matches
# at a quarter of its time, since _NUMBER's opening look-behind keeps the regex engine
# from skipping ahead on its own
_FIRST = re.compile(rf"[\d{_CN}]")


@dataclass(frozen=True)
class Number:
    """A number or range found in text; ``value`` is None for a range."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    percent: bool
    magnitude: str | None
    text: str


def _arabic(raw: str) -> float:
    return float(raw.replace(",", ""))


def _cn_decimal(raw: str) -> float | None:
    """一点五 → 1.5, 六 → 6; None when the numerals do not form a number."""
    whole, _, frac = raw.partition("点")
    w = cn_to_int(whole) if whole else 0
    if w is None:
        return None
    if not frac:
        return float(w)
    if any(ch not in DIGITS for ch in frac):
        return None
    return float(f"{w}." + "".join(str(DIGITS[ch]) for ch in frac))


def find_numbers(text: str) -> list[Number]:
    """Every number and range in ``text``, in order."""
    out: list[Number] = []
    search, match = _FIRST.search, _NUMBER.match
    pos = 0
    while (first := search(text, pos)) is not None:
        m = match(text, first.start())
        if m is None:
            pos = first.start() + 1
            continue
        pos = m.end()
        number = _number(m)
        if number is not None:
            out.append(number)
    return out


def _number(m: re.Match[str]) -> Number | None:
    g = m.groupdict()
    span = (m.start(), m.end(), m.group())
    if g["a"] is not None:
        a = _arabic(g["a"])
        if g["b"] is not None and _is_range(g):
            b = _arabic(g["b"])
            mag = g["bmag"] or g["amag"]
            pct = bool(g["bpct"] or g["apct"])
            return Number(span[0], span[1], None, a, b, pct, mag, span[2])
        # a "range" whose second number is smaller (2025-3) is a single number
        end = m.end("apct") if g["apct"] else (m.end("amag") if g["amag"] else m.end("a"))
        return Number(
            m.start(), end, a, None, None, bool(g["apct"]), g["amag"], m.string[m.start() : end]
        )
    if g["cnpct"] is not None:
        v = _cn_decimal(g["cnpct"])
        return None if v is None else Number(*span[:2], v, None, None, True, None, span[2])
    if g["cnlo"] is not None:
        lo, hi = cn_to_int(g["cnlo"]), cn_to_int(g["cnhi"])
        if lo is None or hi is None:
            return None
        return Number(*span[:2], None, float(lo), float(hi), False, None, span[2])
    if g["cnpp"] is not None:
        v = _cn_decimal(g["cnpp"])
        return None if v is None else Number(*span[:2], v, None, None, False, None, span[2])
    year = digit_string(g["cnyear"] or "")
    return (
        None if year is None else Number(*span[:2], float(year), None, None, False, None, span[2])
    )


def _is_range(g: dict[str, str | None]) -> bool:
    """4.5%—5% and 6%-6.5% are ranges; 2021-2025 (years) are ranges too, of years."""
    a = _arabic(g["a"] or "0")
    b = _arabic(g["b"] or "0")
    return b >= a
