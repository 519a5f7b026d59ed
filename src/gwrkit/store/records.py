"""What the store writes for one report, in one transaction: its record, text, outline,
sentences and facts under one rules version.

Built in worker processes by :mod:`gwrkit.pipeline` (frozen records pickle cheaply) and
written by the process that owns the database connection.
"""

from __future__ import annotations

from dataclasses import dataclass

from gwrkit.core.schema import Fact, Paragraph, Phrase, Report, Section, Sentence


@dataclass(frozen=True)
class ReportRecord:
    report: Report
    original: str
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    facts: tuple[Fact, ...]
    rules_version: str
    phrases: tuple[Phrase, ...] = ()
