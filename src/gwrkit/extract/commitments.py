"""Quantified commitments: every number of the tasks part (its items:
:mod:`gwrkit.extract.tasks`) that promises something for the year (rules:
``rules/commitments.yaml`` and ../shared/commitments/README.md).  The quantity, unit and
modifier machinery is the headline facts'; numbers of headline indicators stay headline
facts."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol, TypeVar

from gwrkit.core.rules import load_yaml
from gwrkit.core.schema import Commitment, Document, Fact, Paragraph, TaskItem
from gwrkit.core.units import parse_unit
from gwrkit.extract.document import extract_document
from gwrkit.extract.tasks import STOPS as _STOPS
from gwrkit.extract.tasks import deadline_in, lead_marker, task_finder, task_paragraphs
from gwrkit.extract.tasks import tasks as task_items

_YEAR = re.compile(r"(20\d\d)年")


@cache
def _rules() -> dict[str, Any]:
    return load_yaml("commitments.yaml")


@cache
def _patterns(key: str) -> re.Pattern[str]:
    return re.compile(str(_rules()[key]))


Rule = tuple[str, re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]


def _compiled(pattern: object) -> re.Pattern[str] | None:
    return re.compile(str(pattern)) if pattern else None


@cache
def _not_commitments() -> list[Rule]:
    return [
        (
            str(r["id"]),
            _compiled(r.get("clause")),
            _compiled(r.get("after")),
            _compiled(r.get("rest")),
        )
        for r in _rules().get("not_commitments", [])
    ]


def why_not(clause: str, after: str, rest: str = "") -> str | None:
    """The rule by which a number is no commitment: ``clause`` is the text before it in
    its clause, ``after`` the few characters after it, ``rest`` the rest of its clause.
    A rule with both a clause and a rest pattern needs both; otherwise any one."""
    for rule_id, c, a, r in _not_commitments():
        if c is not None and r is not None:
            if c.search(clause) and r.search(rest):
                return rule_id
            continue
        if (
            (c is not None and c.search(clause))
            or (a is not None and a.search(after))
            or (r is not None and r.search(rest))
        ):
            return rule_id
    return None


def is_down(clause: str) -> bool:
    return bool(_patterns("down").search(clause))


def _clause(text: str, pos: int) -> str:
    stops = list(_STOPS.finditer(text, 0, pos))
    return text[stops[-1].end() if stops else 0 : pos]


def commitments(doc: Document, items_of: list[TaskItem] | None = None) -> list[Commitment]:
    """The quantified commitments of the tasks part, in text order (``items_of``: its
    task items, when the caller has them already)."""
    paragraphs = task_paragraphs(doc)
    if not paragraphs:
        return []
    items = task_items(doc) if items_of is None else items_of
    task_at = task_finder(items)
    by_sentence = {s.index: s for s in doc.sentences}
    year = doc.metadata.value("year")
    wanted = {p.index for p in paragraphs}
    para_of = {s.index: s.paragraph for s in doc.sentences}
    keep = set(_rules().get("keep_indicators", []))
    out = []
    for f in extract_document(doc, all_quantities=True):
        if f.indicator not in (None, *keep) or para_of.get(f.sentence) not in wanted:
            continue
        if f.unit in (None, "") or f.measure == "qualitative":
            continue
        s = by_sentence[f.sentence]
        made = _commitment(doc, f, s.text, s.nstart, year)
        if made is None:
            continue
        task = task_at(doc.to_original(f.number_start, f.number_start)[0])
        for metric in _subjects(s.text[: f.number_start - s.nstart], made["metric"]):
            out.append(
                Commitment(
                    **{**made, "metric": metric},
                    task_id=task.task_id if task else "",
                    sentence=f.sentence,
                    deadline=deadline_in(s.text),  # the sentence's own, not its paragraph's
                )
            )
    out.extend(_fractions(doc, paragraphs, task_at))
    return sorted(out, key=lambda c: c.start)


def _subjects(before: str, metric: str) -> list[str]:
    """One metric per subject where a 、-list of subjects shares one number (README)."""
    clause = _clause(before, len(before))
    m = _patterns("shared_subjects").search(clause)
    if not m:
        return [metric]
    return [item + m.group(2) for item in m.group(1).split("、")]


def _fractions(
    doc: Document, paragraphs: list[Paragraph], task_at: Callable[[int], TaskItem | None]
) -> list[Commitment]:
    """Parts written as words (收费项目再减少一半以上; 把文件压减三分之一以上) as percentages."""
    values = {str(k): float(v) for k, v in _rules().get("fraction_values", {}).items()}
    pattern = _patterns("fractions")
    wanted = {p.index for p in paragraphs}
    out = []
    for s in doc.sentences:
        if s.paragraph not in wanted:
            continue
        for m in pattern.finditer(s.text):
            clause = _clause(s.text, m.start())
            if why_not(clause, "", ""):
                continue
            start, end = doc.to_original(s.nstart + m.start(), s.nstart + m.end())
            value = values[m.group(2)]
            task = task_at(start)
            out.append(
                Commitment(
                    quote=doc.original[start:end], start=start, end=end,
                    metric=clause[-16:] + m.group(1), value=value, low=None, high=None,
                    unit="%", base_value=value, base_unit="%",
                    modifier="at_least" if m.group(3) == "以上" else "point",
                    direction="down" if is_down(m.group(1)) or m.group(1) in ("减半", "再减")
                    else None,
                    deadline=deadline_in(s.text), task_id=task.task_id if task else "",
                    sentence=s.index,
                )
            )  # fmt: skip
    return out


def _commitment(
    doc: Document, f: Fact, text: str, offset: int, year: int | None
) -> dict[str, Any] | None:
    at = f.number_start - offset
    clause = _clause(text, at)
    end_q = f.nend - offset
    after = text[end_q : end_q + 6]
    stop = _STOPS.search(text, end_q)
    rest = text[end_q : stop.start() if stop else len(text)]
    if why_not(clause, after, rest) or _patterns("estimate_sentence").search(text):
        return None
    unit = parse_unit(f.unit)
    if unit is not None and unit.dim in _rules().get("excluded_dimensions", []):
        return None
    if year is not None and any(int(y) > year for y in _YEAR.findall(clause)):
        return None  # a later year's goal
    cut = lead_marker(f.quote)  # ⑧建成150个: the list marker is not what is promised
    return {
        "quote": f.quote[cut:],
        "start": f.start + cut,
        "end": f.end,
        "metric": (f.metric or "")[lead_marker(f.metric or "") :],
        "value": f.value,
        "low": f.low,
        "high": f.high,
        "unit": f.unit,
        "base_value": f.base_value,
        "base_unit": f.base_unit,
        "modifier": f.modifier,
        "direction": "down" if is_down(clause) else None,
    }


class _Said(Protocol):
    @property
    def text(self) -> str: ...


S = TypeVar("S", bound=_Said)


def package_done(items: list[TaskItem], sentences: list[S]) -> dict[str, S]:
    """Tasks of a package of the year (十方面民生实事: the paragraph that names it and the
    tasks under the same headings) whose completion a sentence of the next review states
    (民生实事圆满完成), by task id, with that sentence."""
    names = [str(n) for n in _rules().get("packages", [])]
    done = _patterns("package_done")
    said = next((s for s in sentences for n in names if n in s.text and done.search(s.text)), None)
    if said is None:
        return {}
    prefixes = set()
    for t in items:
        if any(n in t.path or n in t.lead for n in names):
            # 以上民生实事…: a closing line that refers back to the items before it, the
            # siblings under the same heading
            back = t.lead.startswith("以上") and " > " in t.path
            prefixes.add(t.path.rsplit(" > ", 1)[0] if back else t.path)
    return {t.task_id: said for t in items if any(p and t.path.startswith(p) for p in prefixes)}
