"""Scoring predicted facts against gold facts, by the matching rules of the gold README.

Predictions equal in indicator, measure, status, period, modifier and numbers count
once.  A prediction matches a gold fact when indicator, measure, status, period and
modifier are equal and the numbers are equal after conversion to the same unit.  A
prediction in a ``tasks`` part that matches nothing is not a false positive.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from gwrkit.core.schema import Document, Evaluation, Fact, FileScore, ScoredFact, SliceScore
from gwrkit.evaluate.gold import FIELDS, GoldFact, GoldFile
from gwrkit.evaluate.units import dimension, to_base


def _base(value: float | None, unit: str | None) -> float | None:
    return None if value is None else to_base(value, unit)[0]


def _dim(unit: str | None) -> str | None:
    return dimension(unit)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _numbers(
    value: float | None, low: float | None, high: float | None, unit: str | None
) -> tuple[object, ...]:
    return (
        _dim(unit) if (value, low, high) != (None, None, None) else None,
        _base(value, unit),
        _base(low, unit),
        _base(high, unit),
    )


def matches(p: Fact, g: GoldFact) -> bool:
    if (p.indicator, p.measure, p.status, p.period, p.modifier) != (
        g.indicator,
        g.measure,
        g.status,
        g.period,
        g.modifier,
    ):
        return False
    pn = _numbers(p.value, p.low, p.high, p.unit)
    gn = _numbers(g.value, g.low, g.high, g.unit)
    return pn[0] == gn[0] and all(_same(a, b) for a, b in zip(pn[1:], gn[1:], strict=True))  # type: ignore[arg-type]


def collapse(preds: Iterable[Fact]) -> list[Fact]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for p in preds:
        key = (
            p.indicator,
            p.measure,
            p.status,
            p.period,
            p.modifier,
            *_numbers(p.value, p.low, p.high, p.unit),
        )
        key = tuple(round(k, 6) if isinstance(k, float) else k for k in key)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def score(self) -> SliceScore:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return SliceScore(round(p, 4), round(r, 4), round(f, 4), self.tp, self.fp, self.fn)


@dataclass
class Scores:
    overall: Counts = field(default_factory=Counts)
    per_status: dict[str, Counts] = field(default_factory=dict)
    per_indicator: dict[str, Counts] = field(default_factory=dict)
    per_level: dict[str, Counts] = field(default_factory=dict)
    per_era: dict[str, Counts] = field(default_factory=dict)
    provenance: list[bool] = field(default_factory=list)
    stretch: list[bool] = field(default_factory=list)
    direction: list[bool] = field(default_factory=list)
    misses: list[ScoredFact] = field(default_factory=list)
    false_positives: list[ScoredFact] = field(default_factory=list)
    files: list[FileScore] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def _bump(self, source: str, status: str, indicator: str | None, what: str) -> None:
        level, era = slices(source)
        for table, key in (
            (self.per_status, status),
            (self.per_indicator, indicator or "-"),
            (self.per_level, level),
            (self.per_era, era),
        ):
            c = table.setdefault(key, Counts())
            setattr(c, what, getattr(c, what) + 1)
        setattr(self.overall, what, getattr(self.overall, what) + 1)


ERAS = ((2012, "<=2012"), (2022, "2013-2022"), (9999, ">=2023"))


def slices(source: str) -> tuple[str, str]:
    """The level and era of a gold file named ``<level>/<name>_<year>``."""
    level, _, stem = source.partition("/")
    m = re.search(r"_(\d{4})$", stem)
    if not m:
        return level or "-", "-"
    year = int(m.group(1))
    return level, next(label for last, label in ERAS if year <= last)


def _quote_span(doc: Document, quote: str) -> tuple[int, int] | None:
    i = doc.original.find(quote)
    return None if i < 0 else (i, i + len(quote))


def _sentence_at(doc: Document, pos: int) -> str:
    for s in doc.sentences:
        if s.start <= pos < s.end:
            return doc.original[s.start : s.end]
    return ""


def _scored(source: str, f: Fact | GoldFact, sentence: str) -> ScoredFact:
    return ScoredFact(source, **{k: getattr(f, k) for k in FIELDS}, sentence=sentence)


def score_file(scores: Scores, gold: GoldFile, doc: Document, preds: list[Fact]) -> None:
    """Add one report's matches, misses and false positives to ``scores``."""
    preds = collapse(preds)
    used = [False] * len(preds)
    tp = fn = fp = 0
    for g in gold.facts:
        k = next((i for i, p in enumerate(preds) if not used[i] and matches(p, g)), None)
        if k is None:
            fn += 1
            scores._bump(gold.name, g.status, g.indicator, "fn")
            span = _quote_span(doc, g.quote)
            scores.misses.append(_scored(gold.name, g, _sentence_at(doc, span[0]) if span else ""))
            continue
        used[k] = True
        tp += 1
        p = preds[k]
        scores._bump(gold.name, g.status, g.indicator, "tp")
        span = _quote_span(doc, g.quote)
        scores.provenance.append(bool(span and p.start < span[1] and span[0] < p.end))
        scores.stretch.append(p.stretch == g.stretch)
        scores.direction.append(p.direction == g.direction)
    for i, p in enumerate(preds):
        if used[i] or p.role == "tasks":
            continue
        fp += 1
        scores._bump(gold.name, p.status, p.indicator, "fp")
        scores.false_positives.append(_scored(gold.name, p, _sentence_at(doc, p.start)))
    scores.files.append(FileScore(gold.name, Counts(tp, fp, fn).score()))


def score_unreadable(scores: Scores, gold: GoldFile, reason: str) -> None:
    """A report that could not be read: every gold fact of it is a miss."""
    scores.errors.append(reason)
    for g in gold.facts:
        scores._bump(gold.name, g.status, g.indicator, "fn")
        scores.misses.append(_scored(gold.name, g, ""))
    scores.files.append(FileScore(gold.name, Counts(0, 0, len(gold.facts)).score()))


def report(scores: Scores, gold_hash: str) -> Evaluation:
    def share(xs: list[bool]) -> float:
        return round(sum(xs) / len(xs), 4) if xs else 0.0

    def table(counts: dict[str, Counts]) -> dict[str, SliceScore]:
        return {k: v.score() for k, v in sorted(counts.items())}

    return Evaluation(
        overall=scores.overall.score(),
        per_status=table(scores.per_status),
        per_level=table(scores.per_level),
        per_era=table(scores.per_era),
        per_indicator=table(scores.per_indicator),
        provenance=share(scores.provenance),
        stretch_accuracy=share(scores.stretch),
        direction_accuracy=share(scores.direction),
        files=tuple(scores.files),
        errors=tuple(scores.errors),
        misses=tuple(scores.misses),
        false_positives=tuple(scores.false_positives),
        gold_hash=gold_hash,
    )
