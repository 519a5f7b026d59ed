"""The task items of a report's tasks part (after the targets paragraph): each paragraph
under its headings, cut further where it lists its own items (一是…二是…, 第一,…第二,…,
1.…2.…, (1)…(2)…, ①…②…; rules: ``sub_items`` in ``rules/commitments.yaml``).

Items never overlap: a paragraph that lists items keeps, as its own item, the words
before the first marker (the task that heads the list), and each listed item is a task
of its own whose ``parent`` is that head.  Ids are the report's hash and the place in
the outline (``…/p12`` for a paragraph, ``…/p12.3`` for its third listed item), so that
they stay while the report is unchanged.

>>> [(m.ordinal, m.start) for m in list_markers("要抓好三件事:一是稳就业,二是保民生,三是促消费。")]
[(1, 7), (2, 13), (3, 19)]
>>> list_markers("坚持统一是前提,二是指第二条。")
[]
>>> lead_marker("⑧建成150个基层消防站"), lead_marker("（3）新建"), lead_marker("建成")
(1, 3, 0)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from gwrkit.core.numerals import cn_to_int
from gwrkit.core.rules import load_yaml
from gwrkit.core.schema import Document, Paragraph, TaskItem
from gwrkit.core.text import to_halfwidth
from gwrkit.extract.departments import Suggestion, suggest

STOPS = re.compile(r"[,，;；。:：!！?？\n]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@cache
def _rules() -> dict[str, Any]:
    return load_yaml("commitments.yaml")


@cache
def _deadline() -> re.Pattern[str]:
    return re.compile(str(_rules()["deadline"]))


def deadline_in(text: str) -> str | None:
    m = _deadline().search(text)
    return m.group() if m else None


@dataclass(frozen=True)
class Marker:
    """A list marker inside a paragraph's text: its kind, ordinal and span."""

    kind: str
    ordinal: int
    start: int
    end: int


@cache
def _marker_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (str(r["id"]), re.compile(str(r["pattern"]))) for r in _rules().get("sub_items", [])
    )


def _ordinal(n: str) -> int | None:
    if n in _CIRCLED:
        return _CIRCLED.index(n) + 1
    return cn_to_int(n)


def list_markers(text: str) -> list[Marker]:
    """The markers of the items a paragraph lists, in order: of the kind that comes
    first, the run 1, 2, 3… from its first one; none unless there are two or more."""
    best: list[Marker] = []
    for kind, pattern in _marker_rules():
        found = [
            Marker(kind, n, m.start(), m.end())
            for m in pattern.finditer(text)
            if (n := _ordinal(m.group("n"))) is not None
        ]
        run: list[Marker] = []
        for mk in found:
            if mk.ordinal == len(run) + 1:
                run.append(mk)
        if len(run) >= 2 and (not best or run[0].start < best[0].start):
            best = run
    return best


def lead_marker(text: str) -> int:
    """The length of the list marker that opens ``text`` (⑧, 一是, (3), 2.), or 0."""
    folded = to_halfwidth(text[:8])  # one character for one: lengths hold
    for _kind, pattern in _marker_rules():
        m = pattern.match(folded)
        if m:
            return m.end()
    return 0


def task_paragraphs(doc: Document) -> list[Paragraph]:
    """The paragraphs of the tasks part: after the (last) targets paragraph, in the parts
    that say what the government will do."""
    targets = [p.index for p in doc.paragraphs if p.role == "targets"]
    if not targets:
        return []
    skip = set(_rules().get("not_tasks_roles", []))
    return [p for p in doc.paragraphs if p.index > targets[-1] and p.role not in skip]


def _path(doc: Document, p: Paragraph) -> list[int]:
    chain = []
    sec = p.section
    while sec is not None:
        chain.append(sec)
        sec = doc.sections[sec].parent
    return list(reversed(chain))


def _lead(text: str) -> str:
    """The first clause; after a clause of a word or two (今年, 当前, 同时), the next too."""
    m = STOPS.search(text)
    if m and len(text[: m.start()].strip()) <= 3:
        m = STOPS.search(text, m.end()) or m
    return (text[: m.start()] if m else text)[:60].strip()


def tasks(doc: Document) -> list[TaskItem]:
    """Each paragraph of the tasks part as a task under its headings, and each item it
    lists as a task under it."""
    level, year = doc.metadata.value("level"), doc.metadata.value("year")

    def item(
        task_id: str,
        path: str,
        start: int,
        end: int,
        parent: str | None,
        fallback: Suggestion | None = None,
    ) -> TaskItem:
        text = doc.original[start:end]
        lead = _lead(text)
        unit = suggest(lead, level, year) if lead else None
        if unit is None or unit.lead is None:
            unit = suggest(text, level, year)
        if unit.lead is None and fallback is not None:
            unit = fallback  # a listed item with no area of its own: its head's
        return TaskItem(
            task_id=task_id,
            path=path,
            lead=lead,
            start=start,
            end=end,
            deadline=deadline_in(text),
            lead_unit=unit.lead,
            participants=unit.participants,
            division=unit.division,
            unit_rule=unit.rule,
            parent=parent,
        )

    out: list[TaskItem] = []
    for p in task_paragraphs(doc):
        chain = _path(doc, p)
        heads = " > ".join(f"{doc.sections[i].marker}{doc.sections[i].title}"[:24] for i in chain)
        pid = f"{doc.sha256[:12]}/{'-'.join(str(i) for i in chain) or '0'}/p{p.index}"
        markers = list_markers(p.text)
        if not markers:
            out.append(item(pid, heads, p.start, p.end, None))
            continue
        spans = [
            doc.to_original(p.nstart + mk.end, p.nstart + nxt)
            for mk, nxt in zip(markers, [m.start for m in markers[1:]] + [len(p.text)], strict=True)
        ]
        head_end = doc.to_original(p.nstart, p.nstart + markers[0].start)[1]
        head_text = doc.original[p.start : head_end].strip()
        if head_text:
            head = item(pid, heads, p.start, head_end, None)
            out.append(head)
            under = f"{heads} > {head.lead[:24]}" if heads else head.lead[:24]
            unit = suggest(doc.original[p.start : p.end], level, year)
            ids = [f"{pid}.{k}" for k in range(1, len(spans) + 1)]
            parent: str | None = pid
            head_unit: Suggestion | None = unit
        else:  # the paragraph opens with its first item: that item keeps its id
            under, head_unit, parent = heads, None, None
            ids = [pid] + [f"{pid}.{k}" for k in range(2, len(spans) + 1)]
        for task_id, (start, end) in zip(ids, spans, strict=True):
            out.append(item(task_id, under, start, end, parent, head_unit))
    return out


def task_finder(items: list[TaskItem]) -> Callable[[int], TaskItem | None]:
    """A lookup of the task whose span holds an offset of the original text (items in
    text order), their starts listed once for all the lookups."""
    starts = [t.start for t in items]

    def task_at(offset: int) -> TaskItem | None:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and items[i].start <= offset < items[i].end:
            return items[i]
        return None

    return task_at
