"""The structured document: frozen dataclasses shared by every stage.

Offsets: ``start``/``end`` are character offsets into ``Document.original`` (the
decoded file for .txt/.html, the extracted text for .docx/.pdf), so
``original[start:end]`` is always the exact text of the piece.  ``nstart``/``nend``
are offsets into ``Document.text``, the normalised body that rules match against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "preamble",
    "review",
    "review_multi_year",
    "problems",
    "overall_requirements",
    "targets",
    "plan",
    "tasks",
    "self_building",
    "closing",
    "appendix",
    "other",
)


METADATA_FIELDS = (
    "region",
    "level",
    "admin_code",
    "year",
    "years_reviewed",
    "date",
    "speaker",
    "speaker_title",
    "congress",
    "session",
)


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    nstart: int
    nend: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    index: int
    section: int | None
    role: str
    start: int
    end: int
    nstart: int
    nend: int
    text: str
    lead: str | None = None
    first_sentence: int = 0
    sentence_count: int = 0


@dataclass(frozen=True)
class Section:
    index: int
    level: int
    marker: str
    title: str
    role: str
    parent: int | None
    start: int
    end: int
    nstart: int
    nend: int
    rule: str


@dataclass(frozen=True)
class Field:
    """A metadata value with how it was found, or null with the reason it was not."""

    value: Any
    source: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Metadata:
    region: Field
    level: Field
    admin_code: Field
    year: Field
    years_reviewed: Field
    date: Field
    speaker: Field
    speaker_title: Field
    congress: Field
    session: Field

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            f: Field = getattr(self, name)
            out[name] = {"value": f.value, "source": f.source, "reason": f.reason}
        return out

    def value(self, name: str) -> Any:
        f: Field = getattr(self, name)
        return f.value


@dataclass(frozen=True)
class Document:
    path: str
    format: str
    encoding: str | None
    sha256: str
    original: str
    text: str
    metadata: Metadata
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    extras: dict[str, Any] = field(default_factory=dict)

    def role_of_paragraph(self, index: int) -> str:
        return self.paragraphs[index].role

    def to_original(self, nstart: int, nend: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[nstart:nend]`` came from."""
        body = self.extras.get("body")
        if body is None:
            return nstart, nend
        start, end = body.to_original(nstart, nend)
        return int(start), int(end)

    def body_span(self) -> tuple[int, int]:
        if not self.paragraphs:
            return (0, 0)
        return (self.paragraphs[0].start, self.paragraphs[-1].end)


@dataclass(frozen=True)
class Fact:
    """One fact of a report.

    ``nstart``/``nend`` are offsets into the text the extractor read (the normalised body);
    ``start``/``end`` into the original text, whose slice is ``quote``.  ``indicator`` is
    None for an open-vocabulary quantity, named by ``metric``.
    """

    indicator: str | None
    metric: str
    measure: str
    status: str
    period: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    base_value: float | None
    base_unit: str | None
    modifier: str
    stretch: bool
    direction: str | None
    nstart: int
    nend: int
    role: str
    rule: str
    number_start: int = -1  # where the number itself sits, for coverage
    sentence: int = -1
    start: int = -1  # span in the original text of the file
    end: int = -1
    quote: str = ""

    def key(self) -> tuple[object, ...]:
        """What makes two facts the same fact (quote aside)."""
        return (
            self.indicator,
            self.measure,
            self.status,
            self.period,
            self.modifier,
            self.value,
            self.low,
            self.high,
            self.unit,
        )
