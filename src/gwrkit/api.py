"""The public Python API: every CLI command and web route calls these functions.

>>> from gwrkit import api
>>> doc = api.parse("samples/qinglan_2024.txt")
>>> doc.metadata.value("region"), doc.metadata.value("year")
('青岚州', 2024)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from gwrkit.core.errors import GwrkitError, UsageError
from gwrkit.core.models import METADATA_FIELDS, Document, Fact
from gwrkit.core.rules import rules_version
from gwrkit.evaluate.gold import load_gold
from gwrkit.evaluate.score import Scores, report, score_file, score_unreadable
from gwrkit.extract.document import extract_document
from gwrkit.extract.open_metrics import Coverage
from gwrkit.extract.open_metrics import coverage as _coverage
from gwrkit.ingest.readers import read_bytes, read_file
from gwrkit.structure.build import build_document

__all__ = [
    "FACT_FIELDS",
    "Coverage",
    "Fact",
    "ParseResult",
    "coverage",
    "document_to_dict",
    "evaluate",
    "extract",
    "fact_to_dict",
    "parse",
    "parse_bytes",
    "parse_many",
    "parse_overrides",
]

SCHEMA_VERSION = 1


def parse(
    path: str | os.PathLike[str],
    overrides: dict[str, Any] | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Read and structure one report file; raises ``IngestError`` naming the file."""
    return build_document(read_file(path, max_bytes), overrides)


def parse_bytes(data: bytes, name: str, overrides: dict[str, Any] | None = None) -> Document:
    """Read and structure a report given as bytes; ``name``'s suffix picks the reader."""
    return build_document(read_bytes(data, name), overrides)


@dataclass(frozen=True)
class ParseResult:
    """One file of a batch: its document, or the error that stopped it."""

    path: str
    document: Document | None
    error: str | None


def parse_many(
    paths: Iterable[str | os.PathLike[str]], overrides: dict[str, Any] | None = None
) -> Iterator[ParseResult]:
    """Parse files one by one; a failure is recorded for its file and the batch goes on."""
    for path in paths:
        name = os.fspath(path)
        try:
            yield ParseResult(name, parse(name, overrides), None)
        except GwrkitError as exc:
            yield ParseResult(name, None, str(exc))


def parse_overrides(pairs: Iterable[str]) -> dict[str, Any]:
    """``["year=2025", "region=青海省"]`` → a dict of metadata overrides."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or key not in METADATA_FIELDS:
            known = ", ".join(METADATA_FIELDS)
            raise UsageError(f"bad override {pair!r}: use FIELD=VALUE with FIELD one of {known}")
        out[key] = int(value) if key == "year" and value.strip().isdigit() else value.strip()
    return out


def document_to_dict(doc: Document, sentences: bool = True) -> dict[str, Any]:
    """The stable JSON form of a document (see docs/json.md)."""
    out: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "source": doc.path,
        "format": doc.format,
        "encoding": doc.encoding,
        "sha256": doc.sha256,
        "chars": len(doc.original),
        "metadata": doc.metadata.as_dict(),
        "sections": [
            {
                "index": s.index,
                "level": s.level,
                "marker": s.marker,
                "title": s.title,
                "role": s.role,
                "parent": s.parent,
                "start": s.start,
                "end": s.end,
            }
            for s in doc.sections
        ],
        "paragraphs": [
            {
                "index": p.index,
                "section": p.section,
                "role": p.role,
                "lead": p.lead,
                "start": p.start,
                "end": p.end,
                "first_sentence": p.first_sentence,
                "sentence_count": p.sentence_count,
            }
            for p in doc.paragraphs
        ],
    }
    if sentences:
        out["sentences"] = [
            {
                "index": s.index,
                "paragraph": s.paragraph,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s in doc.sentences
        ]
    return out


FACT_FIELDS = (
    "indicator",
    "measure",
    "status",
    "period",
    "value",
    "low",
    "high",
    "unit",
    "modifier",
    "stretch",
    "direction",
    "start",
    "end",
    "quote",
    "role",
    "metric",
    "base_value",
    "base_unit",
    "sentence",
    "rule",
    "rules_version",
)


def extract(doc: Document, all_quantities: bool = False) -> list[Fact]:
    """Headline facts of a parsed report; with ``all_quantities`` every quantity too.

    >>> facts = extract(parse("samples/qinglan_2025.txt"))
    >>> facts[0].indicator, facts[0].status, facts[0].value, facts[0].unit
    ('gdp', 'actual', 462.8, '亿元')
    """
    return extract_document(doc, all_quantities)


def fact_to_dict(fact: Fact) -> dict[str, Any]:
    """The stable JSON form of a fact (see docs/json.md): the gold's field names, the
    span ``start``/``end`` into the file's decoded text, ``quote`` (that slice) and more."""
    out: dict[str, Any] = {}
    for name in FACT_FIELDS:
        out[name] = rules_version() if name == "rules_version" else getattr(fact, name)
    return out


def coverage(doc: Document) -> Coverage:
    """How many Arabic-digit numbers of the report end in a quantity or a classified
    non-quantity, and which are left."""
    return _coverage(doc)


def evaluate(
    gold_dir: str | os.PathLike[str],
    corpus_dir: str | os.PathLike[str] | None = None,
    on_file: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Score extraction against gold answers (rules of the gold README); the report has
    precision, recall, f1, per_status, per_indicator, provenance, stretch and direction
    accuracy, and every miss and false positive with its sentence."""
    scores = Scores()
    for gold in load_gold(gold_dir, corpus_dir):
        if on_file is not None:
            on_file(gold.name)
        try:
            doc = parse(gold.corpus_path)
        except GwrkitError as exc:
            score_unreadable(scores, gold, str(exc))
            continue
        score_file(scores, gold, doc, extract(doc))
    return report(scores)
