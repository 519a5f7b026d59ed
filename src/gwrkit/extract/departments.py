"""Lead and participating units for a task, as suggestions (rules/departments.yaml):
the departments whose areas the task's words name, by their names at the report's level
and year (环境保护部 until 2018, 生态环境部 since).  Drafts for people to correct: each
carries the rule that decided, and is written as 分工 documents write it
(A牵头，B、C按职责分工负责).

>>> s = suggest("新建改建农村公路20万公里", "national", 2016)
>>> s.lead, s.participants, s.division
('交通运输部', ('农业部',), '交通运输部牵头，农业部按职责分工负责')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from gwrkit.core.rules import load_yaml


@dataclass(frozen=True)
class Suggestion:
    lead: str | None
    participants: tuple[str, ...]
    rule: str  # the areas and the words that decided
    division: str  # 分工 wording: A牵头，B、C按职责分工负责


@cache
def _areas() -> list[dict[str, Any]]:
    return list(load_yaml("departments.yaml").get("areas", []))


@cache
def _words(area_id: str) -> re.Pattern[str]:
    area = next(a for a in _areas() if a["id"] == area_id)
    return re.compile(str(area["words"]))


def name_of(area_id: str, level: str, year: int | None) -> str | None:
    """The department of an area at a level, by its name in use in ``year``."""
    area = next((a for a in _areas() if a["id"] == area_id), None)
    if area is None:
        return None
    names = area.get(level) or area.get("county") or []
    at = year or 9999
    for row in names:
        if int(row.get("from", 0)) <= at < int(row.get("to", 10000)):
            return str(row["name"])
    return str(names[0]["name"]) if names else None


def suggest(text: str, level: str | None, year: int | None, most: int = 3) -> Suggestion:
    """The lead unit (the area named last in ``text``: the head of a Chinese noun phrase
    comes last, 农村公路 is roads) and up to ``most`` participants (the other areas named,
    in order), as of ``year`` at ``level``."""
    found: list[tuple[int, str, str]] = []  # (last position, area, word)
    for area in _areas():
        hits = list(_words(str(area["id"])).finditer(text))
        if hits:
            found.append((hits[-1].end(), str(area["id"]), hits[-1].group()))
    if not found:
        return Suggestion(None, (), "no area named", "")
    found.sort()
    lead_area = found[-1][1]
    others = [f for f in sorted(found, key=lambda f: f[0]) if f[1] != lead_area][:most]
    where = level or "county"
    lead = name_of(lead_area, where, year)
    participants = tuple(
        n for n in (name_of(a, where, year) for _p, a, _w in others) if n and n != lead
    )
    rule = "; ".join(f"{a}: {w}" for _p, a, w in [found[-1], *others])
    division = f"{lead}牵头" + (
        f"，{'、'.join(participants)}按职责分工负责" if participants else ""
    )
    return Suggestion(lead, participants, rule, division)
