"""Gold answers: ``<gold>/<level>/<name>.jsonl`` for the corpus file ``<level>/<name>.txt``
(rules in ../shared/gold/README.md)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from gwrkit.core.errors import UsageError
from gwrkit.core.schema import GOLD_FIELDS

FIELDS = GOLD_FIELDS


@dataclass(frozen=True)
class GoldFact:
    indicator: str
    measure: str
    status: str
    period: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    modifier: str
    stretch: bool
    direction: str | None
    quote: str


@dataclass(frozen=True)
class GoldFile:
    name: str  # <level>/<name>
    gold_path: Path
    corpus_path: Path
    facts: tuple[GoldFact, ...]


def number(v: object) -> float | None:
    """A number of an answer file, or None."""
    return None if v is None else float(v)  # type: ignore[arg-type]


T = TypeVar("T")


def read_rows(path: Path, make: Callable[[dict[str, Any]], T], what: str) -> tuple[T, ...]:
    """Each line of a JSONL answer file made into a record by ``make``; a line that is
    not one is an error naming the file, the line and ``what`` it should be."""
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(make(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:{lineno}: not {what}: {exc}") from None
    return tuple(out)


def _gold_fact(row: dict[str, Any]) -> GoldFact:
    return GoldFact(
        str(row["indicator"]),
        str(row["measure"]),
        str(row["status"]),
        str(row["period"]),
        number(row.get("value")),
        number(row.get("low")),
        number(row.get("high")),
        row.get("unit"),
        str(row["modifier"]),
        bool(row.get("stretch", False)),
        row.get("direction"),
        str(row.get("quote", "")),
    )


def read_gold_file(path: Path) -> tuple[GoldFact, ...]:
    return read_rows(path, _gold_fact, "a gold fact")


def load_gold(
    gold_dir: str | os.PathLike[str], corpus_dir: str | os.PathLike[str] | None = None
) -> list[GoldFile]:
    """Every gold file under ``gold_dir`` with the corpus file it annotates."""
    gold = Path(gold_dir)
    if not gold.is_dir():
        raise UsageError(f"{gold}: gold folder not found")
    corpus = Path(corpus_dir) if corpus_dir else gold.parent / "corpus"
    out = []
    for path in sorted(gold.glob("*/*.jsonl")):
        name = f"{path.parent.name}/{path.stem}"
        source = corpus / path.parent.name / f"{path.stem}.txt"
        if not source.is_file():
            raise UsageError(f"{path}: its report {source} is missing (use --corpus DIR)")
        out.append(GoldFile(name, path, source, read_gold_file(path)))
    if not out:
        raise UsageError(f"{gold}: no <level>/<name>.jsonl gold files found")
    return out


def gold_hash(gold_dir: str | Path) -> str:
    """A hash of every gold answer file (path and bytes), so that a change is seen."""
    root = Path(gold_dir)
    h = hashlib.sha256()
    for f in sorted(root.glob("*/*.jsonl")):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
