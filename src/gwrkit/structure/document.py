"""Assemble the structured document: sections, paragraphs with roles, sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from gwrkit.core.rules import load_yaml
from gwrkit.core.schema import Paragraph, Section, Sentence
from gwrkit.core.text import MappedText
from gwrkit.structure.outline import (
    REFINING_ROLES,
    Heading,
    find_heading,
    lead_of,
    paragraph_cue,
    role_of_title,
)
from gwrkit.structure.sentences import split_sentences

_LINE = re.compile(r"[^\n]+")
_TARGET_ITEM = re.compile(r"\d|同步|稳定|平衡|完成|控制|下达")
_FIRST_MARK = re.compile(r"^(\(一\)|1[.、]|\(1\)|①)$")
CLOSING_SHARE = 0.8
TARGET_ITEM_MAX = 160
BACK_REFERENCE_SPAN = 3


@dataclass
class _Draft:
    headings: list[tuple[int, Heading]] = field(default_factory=list)  # (paragraph, heading)
    roles: list[str] = field(default_factory=list)
    section_of: list[int | None] = field(default_factory=list)


def _part_roles(headings: list[tuple[int, Heading]], levels: list[int]) -> list[str]:
    """Role of each heading: its own title's, else its parent's, else by position."""
    roles: list[str] = []
    parents: list[int | None] = []
    seen_review = False
    implicit: str | None = None  # the role of a part that has sections but no heading
    stack: list[int] = []
    for i, (_p, h) in enumerate(headings):
        while stack and levels[stack[-1]] >= levels[i]:
            stack.pop()
        parent = stack[-1] if stack else None
        parents.append(parent)
        own = role_of_title(h.title if h.rule != "appendix" else "附件")
        if parent is None and levels[i] > 1 and implicit and not _FIRST_MARK.match(h.marker):
            # (二), (三) … of a part whose heading the copy lacks: that part's role
            role = own if own in REFINING_ROLES else implicit
        elif parent is None:
            if own is None:
                own = "tasks" if seen_review else "review"
            seen_review = seen_review or own in {"review", "review_multi_year"}
            role = own
            implicit = role if levels[i] > 1 else None
        else:
            inherited = roles[parent]
            if inherited == "appendix":
                role = "appendix"
            elif own == "self_building" and inherited in {"review", "review_multi_year"}:
                role = inherited  # the government's own work of the years reviewed
            elif levels[i] >= 3:
                # a numbered item (1. …) is part of its section's work, whatever its words
                # (6.单位地区生产总值能耗完成“十四五”国家考核目标 is a target of the year)
                role = inherited
            else:
                role = own if own in REFINING_ROLES else inherited
        roles.append(role)
        stack.append(i)
    return roles


def _levels(headings: list[tuple[int, Heading]]) -> list[int]:
    """Outline levels, with items after an appendix heading nested under it, and the
    numbered parts (一、二、…) that follow an unnumbered part title naming a role nested
    under that title (Shandong style: “十三五”时期和2020年工作回顾, then 一、…七、 of the
    review, then 2021年重点工作, then 一、… of the tasks)."""
    levels: list[int] = []
    in_appendix = False
    nested = False  # inside the numbered run of an unnumbered titled part
    for i, (_p, h) in enumerate(headings):
        if h.rule == "appendix":
            in_appendix, nested = True, False
            levels.append(1)
            continue
        if h.rule == "unmarked":
            nxt = headings[i + 1][1] if i + 1 < len(headings) else None
            nested = (
                nxt is not None
                and nxt.rule == "part"
                and nxt.marker.startswith("一")
                and role_of_title(h.title) is not None
            )
            levels.append(1)
            continue
        levels.append(h.level + (1 if in_appendix or nested else 0))
    return levels


def build_structure(
    body: MappedText,
) -> tuple[tuple[Section, ...], tuple[Paragraph, ...], tuple[Sentence, ...]]:
    """Sections, paragraphs and sentences of a normalised report body."""
    text = body.text
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    found: list[tuple[int, Heading]] = []
    for pi, (s, e) in enumerate(lines):
        h = find_heading(text[s:e], s)
        if h is not None:
            found.append((pi, h))
    levels = _levels(found)
    roles = _part_roles(found, levels)
    sections = _sections(body, found, levels, roles)
    para_section = _section_of_paragraphs(len(lines), found, levels)
    para_roles = _paragraph_roles(text, lines, para_section, sections)
    sections = _sections_of_the_tasks(sections, para_section, para_roles)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for pi, (s, e) in enumerate(lines):
        first = len(sentences)
        ptext = text[s:e]
        for ss, se in split_sentences(ptext):
            a, b = s + ss, s + se
            oa, ob = body.to_original(a, b)
            sentences.append(
                Sentence(
                    index=len(sentences), paragraph=pi, start=oa, end=ob, text=text[a:b],
                    nstart=a, nend=b,
                )
            )  # fmt: skip
        os_, oe = body.to_original(s, e)
        lead = lead_of(ptext)
        paragraphs.append(
            Paragraph(
                index=pi,
                section=para_section[pi],
                role=para_roles[pi],
                start=os_,
                end=oe,
                lead=lead,
                first_sentence=first,
                sentence_count=len(sentences) - first,
                nstart=s,
                nend=e,
                text=ptext,
            )
        )
    return tuple(sections), tuple(paragraphs), tuple(sentences)


def _sections(
    body: MappedText, found: list[tuple[int, Heading]], levels: list[int], roles: list[str]
) -> list[Section]:
    sections: list[Section] = []
    stack: list[int] = []
    for i, (_p, h) in enumerate(found):
        while stack and levels[stack[-1]] >= levels[i]:
            stack.pop()
        parent = stack[-1] if stack else None
        os_, oe = body.to_original(h.nstart, h.nend)
        sections.append(
            Section(
                index=i,
                level=levels[i],
                marker=h.marker,
                title=h.title,
                role=roles[i],
                parent=parent,
                start=os_,
                end=oe,
                nstart=h.nstart,
                nend=h.nend,
                rule=h.rule,
            )
        )
        stack.append(i)
    return sections


def _sections_of_the_tasks(
    sections: list[Section], para_section: list[int | None], para_roles: list[str]
) -> list[Section]:
    """A section read as review whose paragraphs all turned out to be the work ahead (they
    follow the targets paragraph) is a section of the tasks."""
    of: dict[int, set[str]] = {}
    for sec, role in zip(para_section, para_roles, strict=True):
        if sec is not None:
            of.setdefault(sec, set()).add(role)
    return [
        replace(sec, role="tasks")
        if sec.role in {"review", "review_multi_year"} and of.get(sec.index) == {"tasks"}
        else sec
        for sec in sections
    ]


def _section_of_paragraphs(
    count: int, found: list[tuple[int, Heading]], levels: list[int]
) -> list[int | None]:
    out: list[int | None] = [None] * count
    current: int | None = None
    k = 0
    for pi in range(count):
        while k < len(found) and found[k][0] == pi:
            current = k
            k += 1
        out[pi] = current
    return out


def _paragraph_roles(
    text: str,
    lines: list[tuple[int, int]],
    para_section: list[int | None],
    sections: list[Section],
) -> list[str]:
    roles: list[str] = []
    for sec in para_section:
        roles.append("preamble" if sec is None else sections[sec].role)
    total = len(text)
    last_part_start = max(
        (
            pi
            for pi, sec in enumerate(para_section)
            if sec is not None and sections[sec].level == 1 and sections[sec].nstart == lines[pi][0]
        ),
        default=0,
    )
    closing_from: int | None = None
    listed, items = _listing_sections(lines, para_section, sections)
    for pi, (s, e) in enumerate(lines):
        cue = paragraph_cue(text[s:e])
        if cue == "targets" and roles[pi] not in {"preamble", "appendix"}:
            roles[pi] = "targets"
            _continue_targets(text, lines, pi, roles, listed, items)
        elif cue == "problems" and roles[pi] in {"review", "review_multi_year"}:
            roles[pi] = "problems"
        elif cue == "review" and roles[pi] == "preamble":
            # a review whose part heading the copy lost: from here to the first heading
            for pj in range(pi, len(lines)):
                if roles[pj] != "preamble":
                    break
                roles[pj] = "review"
        elif (
            cue == "closing"
            and closing_from is None
            and pi > last_part_start
            and s >= total * CLOSING_SHARE
            and roles[pi] != "appendix"
        ):
            closing_from = pi
    if "targets" not in roles:
        _targets_by_density(text, lines, roles)
    _tasks_after_targets(roles)
    if closing_from is not None:
        sec = para_section[closing_from]
        for pi in range(closing_from, len(lines)):
            if para_section[pi] != sec or roles[pi] == "appendix":
                break
            roles[pi] = "closing"
    return roles


def _listing_sections(
    lines: list[tuple[int, int]], para_section: list[int | None], sections: list[Section]
) -> tuple[list[int | None], list[bool]]:
    """The section each paragraph is listed in, and whether it opens with a numbered
    item's marker (1.地区生产总值增长6%左右;): such a paragraph is listed in the section the
    list is in, so that the items of a targets list set one a line stay with the
    paragraph that names them (全省经济社会发展的主要预期目标是:)."""
    listed: list[int | None] = []
    items: list[bool] = []
    for (start, _end), sec in zip(lines, para_section, strict=True):
        item = sec is not None and sections[sec].level >= 3 and sections[sec].nstart == start
        listed.append(sections[sec].parent if item and sec is not None else sec)
        items.append(item)
    return listed, items


def _tasks_after_targets(roles: list[str]) -> None:
    """No report reviews the past after its targets: the paragraphs after the (last)
    targets paragraph read as review are the work ahead.  A copy that lost the heading
    of its tasks part left them in the review's section, or nested its numbered sections
    (一)… under the review's title."""
    at = [pi for pi, role in enumerate(roles) if role == "targets"]
    if not at:
        return
    for pj in range(at[-1] + 1, len(roles)):
        if roles[pj] in {"review", "review_multi_year"}:
            roles[pj] = "tasks"


def _continue_targets(
    text: str,
    lines: list[tuple[int, int]],
    pi: int,
    roles: list[str],
    para_section: list[int | None],
    items: list[bool],
) -> None:
    """Mark the item paragraphs that follow a targets cue ending in a colon (``items``:
    the paragraphs that open with a numbered item's marker)."""
    s, e = lines[pi]
    if not text[s:e].rstrip().endswith((":", "是", "为")):
        _targets_until_back_reference(text, lines, pi, roles, para_section)
        return
    numbered = False  # a numbered (or dashed) list ends at its first paragraph without one
    for pj in range(pi + 1, len(lines)):
        a, b = lines[pj]
        if para_section[pj] == para_section[pi] and (
            items[pj] or lead_of(text[a:b]) == "dash_lead"
        ):
            roles[pj] = "targets"  # a numbered or dashed item of the list, however long
            numbered = True
            continue
        if numbered:
            break
        if _is_target_item(text, lines, pi, pj, para_section):
            roles[pj] = "targets"
            continue
        if pj == pi + 1 and para_section[pj] == para_section[pi] and b - a > TARGET_ITEM_MAX:
            roles[pj] = "targets"  # the whole list in one long paragraph after the cue
        break


def _is_target_item(
    text: str,
    lines: list[tuple[int, int]],
    pi: int,
    pj: int,
    para_section: list[int | None],
) -> bool:
    """Whether paragraph ``pj`` is a short item of the targets list of paragraph ``pi``:
    in its section, at most TARGET_ITEM_MAX characters, naming a number or a target word."""
    a, b = lines[pj]
    return (
        para_section[pj] == para_section[pi]
        and b - a <= TARGET_ITEM_MAX
        and _TARGET_ITEM.search(text, a, b) is not None
    )


def _targets_until_back_reference(
    text: str,
    lines: list[tuple[int, int]],
    pi: int,
    roles: list[str],
    para_section: list[int | None],
) -> None:
    """The short paragraphs between a targets paragraph and the one that refers back to
    them (实现上述目标…) are targets too: a line break inside the list (a PDF whose line
    ended on 。, a copy that set the last target apart) splits it, never the targets."""
    back = _back_reference()
    end = min(len(lines), pi + 1 + BACK_REFERENCE_SPAN)
    for pj in range(pi + 1, end):
        a, b = lines[pj]
        if back.search(text, a, b):
            for pk in range(pi + 1, pj):
                roles[pk] = "targets"
            return
        if not _is_target_item(text, lines, pi, pj, para_section):
            return


@cache
def _back_reference() -> re.Pattern[str]:
    return re.compile(load_yaml("roles.yaml")["targets_back_reference"]["pattern"])


@cache
def _density_rule() -> tuple[re.Pattern[str], int]:
    spec = load_yaml("roles.yaml")["targets_density"]
    return re.compile(spec["pattern"]), int(spec["min_hits"])


def _targets_by_density(text: str, lines: list[tuple[int, int]], roles: list[str]) -> None:
    """Fallback: a paragraph dense with qualified numbers that the next paragraphs call
    上述目标 (wherever the copy lost its headings), else the first such paragraph after
    the review."""
    pattern, min_hits = _density_rule()
    back = _back_reference()
    for pi, (s, e) in enumerate(lines):
        if roles[pi] in {"preamble", "appendix"} or len(pattern.findall(text, s, e)) < min_hits:
            continue
        after = lines[pi + 1 : pi + 1 + BACK_REFERENCE_SPAN]
        if any(back.search(text, a, b) for a, b in after):
            roles[pi] = "targets"
            return
    for pi, (s, e) in enumerate(lines):
        if roles[pi] not in {"overall_requirements", "tasks"}:
            continue
        if len(pattern.findall(text, s, e)) >= min_hits:
            roles[pi] = "targets"
            return
