"""A report and its facts as plain rows, ready to be written in one transaction.

Built in worker processes (plain tuples and dicts pickle cheaply) and written by the
process that owns the database connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gwrkit.core.models import Document, Fact

_SPAN = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


@dataclass
class ReportRecord:
    report: dict[str, Any]
    sections: list[tuple[Any, ...]] = field(default_factory=list)
    paragraphs: list[tuple[Any, ...]] = field(default_factory=list)
    sentences: list[tuple[Any, ...]] = field(default_factory=list)
    facts: list[tuple[Any, ...]] = field(default_factory=list)
    rules_version: str = ""


FACT_COLUMNS = (
    "headline",
    "indicator",
    "metric",
    "measure",
    "status",
    "period",
    "period_start",
    "period_end",
    "value",
    "low",
    "high",
    "unit",
    "base_value",
    "base_unit",
    "modifier",
    "stretch",
    "direction",
    "span_start",
    "span_end",
    "quote",
    "role",
    "sentence",
    "rule",
)


def period_years(period: str) -> tuple[int | None, int | None]:
    """ "2021-2025" → (2021, 2025); "2025" → (2025, 2025); else (None, None)."""
    m = _SPAN.match(period)
    if not m:
        return None, None
    first = int(m.group(1))
    return first, int(m.group(2)) if m.group(2) else first


def fact_row(f: Fact) -> tuple[Any, ...]:
    start, end = period_years(f.period)
    return (
        1 if f.indicator else 0,
        f.indicator,
        f.metric,
        f.measure,
        f.status,
        f.period,
        start,
        end,
        f.value,
        f.low,
        f.high,
        f.unit,
        f.base_value,
        f.base_unit,
        f.modifier,
        1 if f.stretch else 0,
        f.direction,
        f.start,
        f.end,
        f.quote,
        f.role,
        f.sentence,
        f.rule,
    )


def report_record(doc: Document, facts: list[Fact], rules_version: str) -> ReportRecord:
    md = doc.metadata
    report = {
        "sha256": doc.sha256,
        "path": doc.path,
        "name": Path(doc.path).name,
        "format": doc.format,
        "encoding": doc.encoding,
        "region": md.value("region"),
        "level": md.value("level"),
        "admin_code": md.value("admin_code"),
        "year": md.value("year"),
        "date": md.value("date"),
        "speaker": md.value("speaker"),
        "speaker_title": md.value("speaker_title"),
        "congress": md.value("congress"),
        "session": md.value("session"),
        "chars": len(doc.original),
        "original": doc.original,
    }
    return ReportRecord(
        report=report,
        sections=[
            (s.index, s.level, s.marker, s.title, s.role, s.parent, s.start, s.end)
            for s in doc.sections
        ],
        paragraphs=[
            (p.index, p.section, p.role, p.start, p.end, p.first_sentence, p.sentence_count)
            for p in doc.paragraphs
        ],
        sentences=[(s.index, s.paragraph, s.start, s.end, s.text) for s in doc.sentences],
        facts=[fact_row(f) for f in facts],
        rules_version=rules_version,
    )
