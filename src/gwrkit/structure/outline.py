"""Headings, part roles and paragraph roles (rules in ``rules/headings.yaml``, ``roles.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gwrkit.core.rules import pattern_rules
from gwrkit.ingest.body import is_part_title

_TERMINAL_IN_LINE = re.compile(r"[。!?;]")
_END_PUNCT = frozenset("。!?;:,、”")
_APPENDIX = re.compile(r"^(附件\s*\d*|附:.{0,20}|附录.{0,20})$")
REFINING_ROLES = frozenset({"review", "review_multi_year", "self_building", "plan"})


@dataclass(frozen=True)
class Heading:
    """A heading found at the start of a paragraph (offsets relative to the body text)."""

    level: int
    marker: str
    title: str
    nstart: int
    nend: int
    rule: str


def find_heading(line: str, offset: int) -> Heading | None:
    """The heading a paragraph line starts with, if any."""
    for rule in pattern_rules("headings.yaml", "markers"):
        m = rule.pattern.match(line)
        if m:
            t = _TERMINAL_IN_LINE.search(line, m.end())
            end = t.start() if t else len(line)
            if t is None and len(line) > 80:
                return None  # a long unpunctuated line is body text, not a heading
            title = line[m.end() : end].strip()
            if not title:
                return None
            return Heading(
                int(rule.get("level", 1)), m.group(), title, offset, offset + end, rule.id
            )
    if _APPENDIX.match(line):
        return Heading(1, "", line, offset, offset + len(line), "appendix")
    if line[-1] not in _END_PUNCT and is_part_title(line):
        return Heading(1, "", line, offset, offset + len(line), "unmarked")
    return None


def lead_of(sentence: str) -> str | None:
    """The inline lead (一是…, ——…) a sentence starts with, if any."""
    for rule in pattern_rules("headings.yaml", "inline"):
        if rule.pattern.match(sentence):
            return rule.id
    return None


def role_of_title(title: str) -> str | None:
    """The role a heading title names, by the first matching rule, or None."""
    for rule in pattern_rules("roles.yaml", "heading"):
        if rule.pattern.search(title):
            return str(rule.get("role"))
    return None


def paragraph_cue(text: str) -> str | None:
    """A paragraph-level role named by the paragraph's own words (targets, problems…)."""
    for rule in pattern_rules("roles.yaml", "paragraph"):
        if rule.pattern.search(text[:400]):
            return str(rule.get("role"))
    return None
