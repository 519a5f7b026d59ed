"""What the facts of each paragraph are about: their status (actual, target, plan) and
period, from the role of the part and, in a part that reviews one year and five years
(or five years and the next plan), from the paragraph's own opening words.

>>> plan_span(2026), plan_span(2021), review_span(2018)
((2026, 2030), (2021, 2025), (2013, 2017))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gwrkit.core.numerals import cn_to_int
from gwrkit.core.rules import load_yaml
from gwrkit.core.schema import Document, Paragraph
from gwrkit.ingest.regions import short_name

_PLAN_NAMES = "一二三四五六七八九"


@dataclass(frozen=True)
class Context:
    """``status`` None means facts here are not headline facts (problems, closing …)."""

    role: str
    status: str | None
    mode: str  # year | span | plan | target | none
    first: int | None  # first year of the period
    last: int | None  # last year of the period
    region: str = ""  # short name of the report's region (北京, 甘肃), for subject prefixes
    level: str = ""  # the report's level: an area above it named before a subject is not its own

    @property
    def period(self) -> str:
        if self.first is None or self.last is None:
            return "unknown"
        return str(self.last) if self.first == self.last else f"{self.first}-{self.last}"


def plan_number(year: int) -> int:
    """The five-year plan a year belongs to: 2026 → 15 (十五五)."""
    return (year - 2006) // 5 + 11


def plan_span(year: int) -> tuple[int, int]:
    start = 2006 + 5 * (plan_number(year) - 11)
    return start, start + 4


def review_span(year: int) -> tuple[int, int]:
    return year - 5, year - 1


def plan_name(year: int) -> str:
    """十五五 for 2026."""
    n = plan_number(year)
    tens, ones = divmod(n, 10)
    return "十" + (_PLAN_NAMES[ones - 1] if ones else "") + "五" if tens == 1 else f"{n}五"


@cache
def _period_rules(year: int) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for row in load_yaml("facts.yaml")["paragraph_period"]:
        pattern = str(row["pattern"]).replace("{plan}", plan_name(year))
        pattern = pattern.replace("{prev}", str(year - 1)).replace("{year}", str(year))
        out.append((str(row["mode"]), re.compile(pattern)))
    return tuple(out)


def paragraph_mode(text: str, year: int, allowed: tuple[str, ...]) -> str | None:
    """The mode a paragraph's opening sets, if any of ``allowed`` matches."""
    for mode, pattern in _period_rules(year):
        if mode == "plan" and plan_span(year)[0] != year:
            continue  # an ongoing plan is old news; only a new plan sets targets
        if mode in allowed and pattern.search(text[:60]):
            return mode
    return None


def _context(role: str, mode: str, year: int | None, region: str, level: str) -> Context:
    if year is None:
        status = {"year": "actual", "span": "actual", "plan": "plan", "target": "target"}
        return Context(role, status.get(mode), mode, None, None, region, level)
    if mode == "year":
        return Context(role, "actual", mode, year - 1, year - 1, region, level)
    if mode == "span":
        a, b = review_span(year)
        return Context(role, "actual", mode, a, b, region, level)
    if mode == "plan":
        a, b = plan_span(year)
        return Context(role, "plan", mode, a, b, region, level)
    if mode == "target":
        return Context(role, "target", mode, year, year, region, level)
    return Context(role, None, "none", None, None, region, level)


def paragraph_contexts(doc: Document) -> list[Context]:
    """One context per paragraph of ``doc``."""
    year = doc.metadata.value("year")
    year = year if isinstance(year, int) else None
    region_name = doc.metadata.value("region")
    region = short_name(region_name) if isinstance(region_name, str) else ""
    level_value = doc.metadata.value("level")
    level = level_value if isinstance(level_value, str) else ""
    out: list[Context] = []
    mode_of_section: dict[int | None, str] = {}
    before = "none"  # the mode of the paragraph before, where it is a targets paragraph
    for p in doc.paragraphs:
        role = p.role
        if role == "targets" and before == "plan" and _opens_item(doc, p):
            # an item of a plan's list of goals (“十五五”发展的主要目标是: / 1.…到2030年…)
            mode = "plan"
        elif role in ("targets", "tasks", "overall_requirements"):
            mode = "target"
            title = doc.sections[p.section].title if p.section is not None else ""
            # a title naming the plan and this year (“十五五”时期目标任务和2026年工作安排)
            # covers both: then only the paragraph's own words decide
            plan_title = year is not None and str(year) not in title and "今年" not in title
            if (
                year
                and role == "targets"
                and (
                    paragraph_mode(p.text, year, ("plan",))
                    or (plan_title and paragraph_mode(title, year, ("plan",)))
                )
            ):
                mode = "plan"
        elif role in ("review", "review_multi_year", "plan"):
            # a one-year review turns to five years only where a paragraph opens with them
            # (“十四五”时期是…的五年); a mention inside (“十四五”以来) does not
            default = {"review": "year", "review_multi_year": "span", "plan": "plan"}[role]
            allowed = {
                "review": ("year", "span_opening"),
                "review_multi_year": ("plan", "year", "span_opening", "span"),
                "plan": ("plan", "span_opening", "span", "target"),
            }[role]
            part = _top_section(doc, p.section)
            current = mode_of_section.get(part, default)
            found = paragraph_mode(p.text, year, allowed) if year else None
            mode = "span" if found == "span_opening" else (found or current)
            mode_of_section[part] = mode
        else:
            mode = "none"
        before = mode if role == "targets" else "none"
        out.append(_context(role, mode, year, region, level))
    return out


def _opens_item(doc: Document, p: Paragraph) -> bool:
    """Whether a paragraph opens with a numbered item's marker (1., (1), ①)."""
    sec = doc.sections[p.section] if p.section is not None else None
    return sec is not None and sec.level >= 3 and sec.start == p.start


def _top_section(doc: Document, index: int | None) -> int | None:
    seen = 0
    while index is not None and doc.sections[index].parent is not None and seen < 16:
        index = doc.sections[index].parent
        seen += 1
    return index


def streak_years(n: str) -> int | None:
    """连续18年 → 18, 连续五年 → 5."""
    if n.isdigit():
        return int(n)
    return cn_to_int(n)
