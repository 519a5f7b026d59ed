"""What the words around a number say (``rules/facts.yaml``): whether the words between
an indicator's name and a number tie them (the gap), the number's qualifier, its measure
and unit for an indicator, and who may stand before a subject.

>>> gap_ok("同比增长", "amount"), gap_ok("居全国第", "amount")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from gwrkit.core.indicators import Indicator
from gwrkit.core.rules import load_yaml
from gwrkit.core.units import Unit, parse_unit, split_units
from gwrkit.extract.indicators import Mention
from gwrkit.extract.quantities import Quantity
from gwrkit.extract.units import with_base

MAX_GAP = 32
# what stands between the numbers of a run: 4%、6% · 3.5%和5.5% · 5%左右、
RUN_SEP = re.compile(r"^(?:左右|以上|以内|以下)?(?:[、,和及]|,分别)$")


@cache
def rule_pattern(name: str) -> re.Pattern[str]:
    """The compiled ``pattern`` of a named rule of facts.yaml."""
    return re.compile(str(load_yaml("facts.yaml")[name]["pattern"]))


@cache
def _gap_re(rate: bool) -> re.Pattern[str]:
    data = load_yaml("facts.yaml")
    pieces = [str(p) for p in data["gap_pieces"]["pieces"]]
    pieces.append(r"(?:19|20)\d\d年")
    # the first half of a unit written around its number: 降至每立方米36微克
    pieces.extend(re.escape(before) for before, _unit in split_units().values())
    if rate:
        pieces.extend(str(p) for p in data["rate_gap_pieces"]["pieces"])
    return re.compile("^(?:" + "|".join(f"(?:{p})" for p in pieces) + r"|\s)*$")


@cache
def _modifier_rules(side: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    rows = load_yaml("facts.yaml")["modifiers"][side]
    return tuple((str(r["modifier"]), re.compile(str(r["pattern"]))) for r in rows)


def gap_ok(gap: str, kind: str) -> bool:
    """Are the words between a name and a number only connectors?"""
    if len(gap) > MAX_GAP:
        return False
    return _gap_re(kind in ("rate", "mixed")).match(gap) is not None


def modifier_of(gap: str, after: str, q: Quantity) -> tuple[str, int]:
    """The modifier of ``q`` and how many characters after it belong to the fact."""
    if q.number.value is None:
        return "range", 0
    if q.approx:
        return "at_least", 0
    for mod, pat in _modifier_rules("after"):
        m = pat.search(after)
        if m:
            return mod, m.end()
    for before, _unit in split_units().values():
        gap = gap.removesuffix(before)  # 低于每立方米19微克: the unit's first half
    for mod, pat in _modifier_rules("before"):
        if pat.search(gap):
            return mod, 0
    return "point", 0


def measure_of(ind: Indicator, unit: Unit, gap: str) -> str | None:
    """level, growth, rate or change_pp — or None when the unit does not fit."""
    if unit.dim == "percent":
        if ind.kind in ("amount", "intensity"):
            return "growth"
        if ind.kind == "mixed":
            return "growth" if rule_pattern("change_verbs").search(gap) else "rate"
        return "rate"
    if unit.dim == "doubling":
        return "growth" if ind.kind == "amount" else None
    if unit.dim == "points":
        return None if ind.kind == "amount" else "change_pp"
    if unit.dim == "times":
        changing = rule_pattern("change_verbs").search(gap)
        return "growth" if ind.kind == "amount" and changing else None
    if unit.dim == "permille":
        return "rate" if ind.kind == "rate" else None
    if unit.dim in ind.dims:
        return "level"
    return None


def unit_for(ind: Indicator, q: Quantity, text: str) -> Unit | None:
    """The unit of ``q`` for ``ind``; a bare magnitude takes the indicator's base unit."""
    unit = q.unit
    if unit is None:
        return None
    if unit.dim == "count" and unit.written in ("万", "亿", "万亿", "千"):
        if ind.default_base and rule_pattern("bare_magnitude").search(text[q.end : q.end + 6]):
            return with_base(q.number.magnitude, ind.default_base, unit.end)
        return None
    split = split_units().get(unit.written)
    if split and text.endswith(split[0], 0, q.start):  # 每立方米20微克: 微克/立方米
        whole = parse_unit(split[1])
        if whole is not None:
            return replace(whole, end=unit.end)
    return unit


def accepts(ind: Indicator, q: Quantity, text: str) -> bool:
    """Could ``q`` be a value of ``ind`` at all (its unit fits)?"""
    unit = unit_for(ind, q, text)
    if unit is None:
        return False
    if unit.dim in ("percent", "times"):
        return True
    if unit.dim in ("points", "permille"):
        return ind.kind != "amount"
    if unit.dim == "doubling":
        return ind.kind == "amount"
    return unit.dim in ind.dims


def clause_start(text: str, pos: int, stops: str) -> int:
    """Where the clause holding ``pos`` starts: just after the last of ``stops`` before it
    (the start of ``text`` where there is none)."""
    return max(text.rfind(c, 0, pos) for c in stops) + 1


@cache
def _carried_subject(carried_text: str) -> re.Pattern[str]:
    """A carried name's subject and verb at the end of its clause (规模以上工业企业实现)."""
    return re.compile(f"(?:{carried_text})(?:企业)?(?:完成|实现|共)?$")


def carried_ok(m: Mention, text: str, seen: list[str], before: str) -> bool:
    """A carried name (总产量) stands at the start of a clause after its related subject,
    or right after that subject and its verb in the same clause (规模以上工业完成增加值)."""
    if not m.carried_after and not m.carried_text:
        return True
    cut = clause_start(text, m.start, ",、;:。")
    if m.carried_text and _carried_subject(m.carried_text).search(text, cut, m.start):
        return True  # its subject in the same clause: 全市规模以上工业完成增加值225.7亿元
    if m.start > 0 and text[m.start - 1] not in ",、;:":
        return False
    if m.carried_after and seen and seen[-1] in m.carried_after:
        return True
    window = (before + text[: m.start])[-24:]
    return bool(m.carried_text and re.search(m.carried_text, window))


@cache
def higher_area_words(level: str) -> tuple[str, ...]:
    """The words for the areas above a report of ``level`` (全省 for a prefecture)."""
    table = load_yaml("facts.yaml")["higher_area"]
    return tuple(str(w) for w in table.get(level, []))


_TIME_WORDS = re.compile(r"^(?:今年|去年|全年|预计|初步统计)")


def higher_area(text: str, start: int, level: str) -> bool:
    """Is the subject at ``start`` qualified only by the area above the report's own
    (今年,全省财政收入… in a prefecture's report): the other area's figure, quoted?"""
    words = higher_area_words(level)
    if not words:
        return False
    cut = clause_start(text, start, ",、;。:!?")
    prefix = _TIME_WORDS.sub("", text[cut:start]).removesuffix("的")
    return prefix in words  # the subject's own words: not 成为全国地表水…


def prefix_ok(text: str, m: Mention, region: str) -> bool:
    """Only the region, a verb or a time may stand before a subject in its clause."""
    prefix = text[clause_start(text, m.start, ",、;。:!?") : m.start]
    if m.carried_text:  # 全市规模以上工业完成增加值: the words before the carried subject
        prefix = _carried_subject(m.carried_text).sub("", prefix)
    return _prefix_re(region).match(prefix) is not None


@cache
def _prefix_re(region: str) -> re.Pattern[str]:
    raw = str(load_yaml("facts.yaml")["subject_prefix"]["pattern"])
    return re.compile(raw.replace("{region}", re.escape(region) if region else "(?!)"))
