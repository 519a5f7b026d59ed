"""What the store writes for one report, in one transaction: its record, text, outline,
sentences and facts under one rules version.

Built in worker processes by :mod:`gwrkit.pipeline` and written by the process that owns
the database connection, as the rows of its tables (:class:`ReportRows`): a record of
dataclasses took that process 5 ms a report to unpickle and 4 ms more to turn into rows,
where the rows take 1 ms, so that one writer keeps up with more workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


Row = tuple[Any, ...]


@dataclass(frozen=True)
class ReportRows:
    """A :class:`ReportRecord` as the values of its tables' rows (catalog.rows_of), each
    without the ids the store gives it."""

    report: Report
    original: str
    sections: list[Row]
    paragraphs: list[Row]
    sentences: list[Row]
    facts: list[Row]
    phrases: list[Row]
    rules_version: str
