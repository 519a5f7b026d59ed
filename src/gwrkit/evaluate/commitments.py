"""Scoring commitments and their follow-through against hand-made answers
(``<gold>/<level>/<name>_<Y>.jsonl``; rules in ../shared/commitments/README.md): a
prediction matches a gold commitment when its span overlaps the gold quote in report Y
and value and unit agree (the judge's own unit conversion); for matched ones, the
outcome is right when its span overlaps the gold outcome quote in report Y+1 (or both
are missing), and the verdict when it is the gold's."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gwrkit.core.errors import UsageError
from gwrkit.core.schema import CommitmentScore, FollowUp
from gwrkit.evaluate.gold import number, read_rows
from gwrkit.evaluate.score import Counts
from gwrkit.evaluate.units import to_base


@dataclass(frozen=True)
class GoldCommitment:
    quote: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    verdict: str
    outcome_quote: str | None


@dataclass(frozen=True)
class CommitmentList:
    name: str  # <level>/<name>_<Y>
    report: Path  # report of year Y
    next_report: Path  # the same region's report of Y+1
    commitments: tuple[GoldCommitment, ...]


def _commitment(d: dict[str, Any]) -> GoldCommitment:
    return GoldCommitment(
        str(d["quote"]), number(d.get("value")), number(d.get("low")), number(d.get("high")),
        d.get("unit"), str(d["verdict"]), d.get("outcome_quote"),
    )  # fmt: skip


def load_lists(
    gold_dir: str | os.PathLike[str], corpus_dir: str | os.PathLike[str] | None = None
) -> list[CommitmentList]:
    root = Path(gold_dir)
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder of commitment answers")
    corpus = Path(corpus_dir) if corpus_dir else root.parent / "corpus"
    out = []
    for path in sorted(root.glob("*/*.jsonl")):
        m = re.match(r"(.+)_(\d{4})$", path.stem)
        if not m:
            raise UsageError(f"{path}: name it <name>_<year>.jsonl")
        level = path.parent.name
        this = _report(corpus / level, path.stem)
        nxt = _report(corpus / level, f"{m.group(1)}_{int(m.group(2)) + 1}")
        rows = read_rows(path, _commitment, "a gold commitment")
        out.append(CommitmentList(f"{level}/{path.stem}", this, nxt, rows))
    if not out:
        raise UsageError(f"{root}: no <level>/<name>_<year>.jsonl answers")
    return out


def _report(folder: Path, stem: str) -> Path:
    found = sorted(folder.glob(stem + ".*"))
    if not found:
        raise UsageError(f"no report {stem}.* under {folder}")
    return found[0]


def _same_number(a: float | None, ua: str | None, b: float | None, ub: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    (x, dx), (y, dy) = to_base(a, ua), to_base(b, ub)
    return dx == dy and math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9)


def _span(text: str, quote: str | None) -> tuple[int, int] | None:
    if not quote:
        return None
    i = text.find(quote)
    return None if i < 0 else (i, i + len(quote))


@dataclass
class CommitmentScores:
    overall: Counts = field(default_factory=Counts)
    per_file: dict[str, Counts] = field(default_factory=dict)
    outcomes: list[bool] = field(default_factory=list)
    verdicts: list[bool] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    verdict_errors: list[str] = field(default_factory=list)


def score_list(
    scores: CommitmentScores, gold: CommitmentList, text: str, next_text: str,
    found: list[FollowUp],
) -> None:  # fmt: skip
    counts = scores.per_file.setdefault(gold.name, Counts())
    used = [False] * len(found)
    for g in gold.commitments:
        span = _span(text, g.quote)
        k = None
        for i, f in enumerate(found):
            c = f.commitment
            if used[i] or span is None or not (c.start < span[1] and span[0] < c.end):
                continue
            value = c.value if c.value is not None else c.low
            gold_value = g.value if g.value is not None else g.low
            if _same_number(value, c.unit, gold_value, g.unit):
                k = i
                break
        if k is None:
            counts.fn += 1
            scores.overall.fn += 1
            scores.misses.append(f"{gold.name}: {g.quote}")
            continue
        used[k] = True
        counts.tp += 1
        scores.overall.tp += 1
        f = found[k]
        gold_out = _span(next_text, g.outcome_quote)
        if gold_out is None or f.outcome_start is None or f.outcome_end is None:
            scores.outcomes.append(gold_out is None and f.outcome_start is None)
        else:
            scores.outcomes.append(f.outcome_start < gold_out[1] and gold_out[0] < f.outcome_end)
        scores.verdicts.append(f.verdict == g.verdict)
        if f.verdict != g.verdict:
            scores.verdict_errors.append(
                f"{gold.name}: {g.quote} — gold {g.verdict}, found {f.verdict}"
                f" ({(f.outcome_quote or '')[:40]})"
            )
    for i, f in enumerate(found):
        if not used[i]:
            counts.fp += 1
            scores.overall.fp += 1
            scores.false_positives.append(f"{gold.name}: {f.commitment.quote}")


def summary(scores: CommitmentScores) -> CommitmentScore:
    def share(xs: list[bool]) -> float:
        return round(sum(xs) / len(xs), 4) if xs else 0.0

    return CommitmentScore(
        overall=scores.overall.score(),
        per_file={k: v.score() for k, v in sorted(scores.per_file.items())},
        outcome_accuracy=share(scores.outcomes),
        verdict_accuracy=share(scores.verdicts),
        matched=len(scores.verdicts),
        misses=tuple(scores.misses),
        false_positives=tuple(scores.false_positives),
        verdict_errors=tuple(scores.verdict_errors),
    )
