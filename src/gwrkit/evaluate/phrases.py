"""Scoring formulations against hand-made lists (``<gold>/<level>/<name>.jsonl``, rules in
../shared/formulations/README.md): a prediction matches a listed term when the terms are
equal (quotation marks and a trailing 工作/战略/行动 aside); precision, recall and F1 on
terms, per kind, and the share of matched terms with the listed expansion among those
that have one."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gwrkit.core.errors import UsageError
from gwrkit.core.schema import Phrase, PhraseScore
from gwrkit.evaluate.gold import read_rows
from gwrkit.evaluate.score import Counts

_TRAILING = ("工作", "战略", "行动")
_QUOTES = '“”"「」『』'


@dataclass(frozen=True)
class ListedPhrase:
    term: str
    kind: str
    count: int
    expansion: tuple[str, ...] | None


@dataclass(frozen=True)
class PhraseList:
    name: str  # <level>/<name>
    path: Path
    corpus_path: Path
    phrases: tuple[ListedPhrase, ...]


def load_lists(
    gold_dir: str | os.PathLike[str], corpus_dir: str | os.PathLike[str] | None = None
) -> list[PhraseList]:
    root = Path(gold_dir)
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder of formulation lists")
    corpus = Path(corpus_dir) if corpus_dir else root.parent / "corpus"
    out = []
    for path in sorted(root.glob("*/*.jsonl")):
        rows = read_rows(path, _listed, "a listed formulation")
        name = f"{path.parent.name}/{path.stem}"
        source = next((p for p in sorted((corpus / path.parent.name).glob(path.stem + ".*"))), None)
        if source is None:
            raise UsageError(f"{path}: no report {name}.* under {corpus}")
        out.append(PhraseList(name, path, source, rows))
    if not out:
        raise UsageError(f"{root}: no <level>/<name>.jsonl lists")
    return out


def _listed(d: dict[str, Any]) -> ListedPhrase:
    items = d.get("expansion")
    return ListedPhrase(
        str(d["term"]), str(d["kind"]), int(d.get("count", 0)), tuple(items) if items else None
    )


def key(term: str) -> str:
    """The form two terms are compared in."""
    t = term.strip(_QUOTES)
    for word in _TRAILING:
        if t.endswith(word) and len(t) > len(word) + 2:
            return t[: -len(word)]
    return t


@dataclass
class PhraseScores:
    overall: Counts = field(default_factory=Counts)
    per_kind: dict[str, Counts] = field(default_factory=dict)
    per_file: dict[str, Counts] = field(default_factory=dict)
    expansions: list[bool] = field(default_factory=list)
    kinds: list[bool] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def _bump(self, name: str, kind: str, what: str) -> None:
        for c in (self.overall, self.per_kind.setdefault(kind, Counts()),
                  self.per_file.setdefault(name, Counts())):  # fmt: skip
            setattr(c, what, getattr(c, what) + 1)


def score_list(scores: PhraseScores, listed: PhraseList, found: Iterable[Phrase]) -> None:
    predicted = {key(p.term): p for p in found}
    gold = {key(g.term): g for g in listed.phrases}
    for k, g in gold.items():
        p = predicted.get(k)
        if p is None:
            scores._bump(listed.name, g.kind, "fn")
            scores.misses.append(f"{listed.name}: {g.term} ({g.kind})")
            continue
        scores._bump(listed.name, g.kind, "tp")
        scores.kinds.append(p.kind == g.kind)
        if g.expansion is not None:
            scores.expansions.append(p.expansion == g.expansion)
    for k, p in predicted.items():
        if k not in gold:
            scores._bump(listed.name, p.kind, "fp")
            scores.false_positives.append(f"{listed.name}: {p.term} ({p.kind})")


def summary(scores: PhraseScores) -> PhraseScore:
    def share(xs: list[bool]) -> float:
        return round(sum(xs) / len(xs), 4) if xs else 0.0

    return PhraseScore(
        overall=scores.overall.score(),
        per_kind={k: v.score() for k, v in sorted(scores.per_kind.items())},
        per_file={k: v.score() for k, v in sorted(scores.per_file.items())},
        kind_accuracy=share(scores.kinds),
        expansion_accuracy=share(scores.expansions),
        expansions_checked=len(scores.expansions),
        misses=tuple(scores.misses),
        false_positives=tuple(scores.false_positives),
    )
