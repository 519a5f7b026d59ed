"""Gold answers: ``<gold>/<level>/<name>.jsonl`` for the corpus file ``<level>/<name>.txt``
(rules in ../shared/gold/README.md)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

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


def _num(v: object) -> float | None:
    return None if v is None else float(v)  # type: ignore[arg-type]


def read_gold_file(path: Path) -> tuple[GoldFact, ...]:
    facts = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            facts.append(
                GoldFact(
                    str(row["indicator"]),
                    str(row["measure"]),
                    str(row["status"]),
                    str(row["period"]),
                    _num(row.get("value")),
                    _num(row.get("low")),
                    _num(row.get("high")),
                    row.get("unit"),
                    str(row["modifier"]),
                    bool(row.get("stretch", False)),
                    row.get("direction"),
                    str(row.get("quote", "")),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:{lineno}: not a gold fact: {exc}") from None
    return tuple(facts)


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
