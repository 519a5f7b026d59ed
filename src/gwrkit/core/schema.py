"""The schema: every record gwrkit exchanges, declared once.

Each record is a frozen dataclass; each field carries its label (the data dictionary of
exports), and says whether it is exchanged (CLI JSON, JSON API, exports) or internal to
the extractor, and whether it is a column of the record's table.  The database tables,
the CLI JSON, the JSON API, the export dictionary and the gold comparison all take their
field lists from here (``exchanged``, ``columns``, ``labels``, ``GOLD_FIELDS``); a test
fails when one of them drifts.

Offsets: ``start``/``end`` are character offsets into ``Document.original`` (the
decoded file for .txt/.html, the extracted text for .docx/.pdf), so
``original[start:end]`` is always the exact text of the piece.  ``nstart``/``nend``
are offsets into ``Document.text``, the normalised body that rules match against.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, Protocol, TypeVar, get_args

from gwrkit.core.errors import UsageError

R = TypeVar("R")

# --- vocabularies -------------------------------------------------------------------

Role = Literal[
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
]
Status = Literal["actual", "target", "plan", "mentioned"]
Measure = Literal["level", "growth", "rate", "change_pp", "qualitative"]
Modifier = Literal["point", "around", "at_least", "at_most", "range", "qualitative"]
Direction = Literal["down"]
Level = Literal["national", "province", "prefecture", "county"]
Verdict = Literal["met", "exceeded", "missed", "not_comparable", "no_outcome", "not_set"]
FactRule = Literal["chain", "qualitative", "open"]
FileFormat = Literal["txt", "html", "docx", "pdf"]
PhraseKind = Literal["numbered", "coined"]

ROLES: tuple[str, ...] = get_args(Role)
STATUSES: tuple[str, ...] = get_args(Status)
MEASURES: tuple[str, ...] = get_args(Measure)
MODIFIERS: tuple[str, ...] = get_args(Modifier)
LEVELS: tuple[str, ...] = get_args(Level)
VERDICTS: tuple[str, ...] = get_args(Verdict)

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "role": ROLES,
    "status": STATUSES,
    "measure": MEASURES,
    "modifier": MODIFIERS,
    "level": LEVELS,
    "verdict": VERDICTS,
    "direction": get_args(Direction),
    "rule": get_args(FactRule),
    "format": get_args(FileFormat),
    "phrase_kind": get_args(PhraseKind),
}

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

# --- how fields are declared --------------------------------------------------------


def the(label: str, default: Any = dataclasses.MISSING, *, column: bool = True) -> Any:
    """An exchanged field with its label; ``column``: stored in the record's table
    (False for values joined in from another table or computed on reading)."""
    meta = {"label": label, "column": column}
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


def internal(default: Any = dataclasses.MISSING) -> Any:
    """A field the extractor uses that is never exchanged or stored."""
    if default is dataclasses.MISSING:
        return field(metadata={"internal": True}, repr=False)
    return field(default=default, metadata={"internal": True}, repr=False)


def exchanged(record: type[Any]) -> tuple[str, ...]:
    """The fields of ``record`` that the CLI JSON, the JSON API and exports give, in order."""
    names = _EXCHANGED.get(record)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(record) if not f.metadata.get("internal"))
        _EXCHANGED[record] = names
    return names


_EXCHANGED: dict[type[Any], tuple[str, ...]] = {}  # each record's fields, found once


def check_sort(record: type[Any], sort: str | None) -> None:
    """A sort (a field, ``-`` before it for descending) must name an exchanged field of
    ``record``."""
    if sort and sort.lstrip("-") not in exchanged(record):
        raise UsageError(f"cannot sort by {sort.lstrip('-')!r}")


def records_from_tuples(
    record: type[R], rows: Iterable[Sequence[Any]], stored: bool = False
) -> list[R]:
    """Records of ``record`` from rows holding every field in the record's order (with
    ``stored``: every column, :func:`columns`, the other fields taking their defaults),
    made without the dataclass's ``__init__``, which sets each field of a frozen record
    through ``object.__setattr__`` (a page of 200 links of 28 fields: 1.2 → 0.6 ms).  Only
    for a record with no ``__post_init__``: nothing is checked or derived.

    >>> @dataclass(frozen=True)
    ... class Pair:
    ...     a: int
    ...     b: str = field(default="", metadata={"column": False})
    >>> records_from_tuples(Pair, [(1, "x")]) == [Pair(1, "x")]
    True
    >>> records_from_tuples(Pair, [(1,)], stored=True) == [Pair(1)]
    True
    """
    names, defaults = _layout(record, stored)
    new = object.__new__
    made = []
    for row in rows:
        one = new(record)
        values = one.__dict__
        values.update(defaults)
        values.update(zip(names, row, strict=True))  # a value a field, or ValueError
        made.append(one)
    return made


_LAYOUTS: dict[tuple[type[Any], bool], tuple[tuple[str, ...], dict[str, Any]]] = {}


def _layout(record: type[Any], stored: bool) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The fields a row holds, in order, and the defaults of the others."""
    found = _LAYOUTS.get((record, stored))
    if found is None:
        if hasattr(record, "__post_init__"):
            raise TypeError(f"{record.__name__} derives fields in __post_init__: use __init__")
        names = columns(record) if stored else tuple(f.name for f in dataclasses.fields(record))
        defaults = {}
        for f in dataclasses.fields(record):
            if f.name not in names:
                if f.default is dataclasses.MISSING:
                    raise TypeError(f"{record.__name__}.{f.name} is no column and has no default")
                defaults[f.name] = f.default
        found = _LAYOUTS[(record, stored)] = (names, defaults)
    return found


def sorted_by(rows: Sequence[R], sort: str | None) -> list[R]:
    """``rows`` sorted by one field (``-`` before it: descending), rows whose field is
    empty last either way, ties in their order; as they are without ``sort``.  The order
    every table of gwrkit pages in, in Python and in SQL alike."""
    if not sort:
        return list(rows)
    key = sort.lstrip("-")
    present = [r for r in rows if getattr(r, key) is not None]
    present.sort(key=lambda r: getattr(r, key), reverse=sort.startswith("-"))
    return present + [r for r in rows if getattr(r, key) is None]


def columns(record: type[Any]) -> tuple[str, ...]:
    """The fields of ``record`` that are columns of its table."""
    return tuple(
        f.name
        for f in dataclasses.fields(record)
        if not f.metadata.get("internal") and f.metadata.get("column", True)
    )


def labels(record: type[Any]) -> dict[str, str]:
    """Each exchanged field's label: the data dictionary of an export."""
    return {
        f.name: str(f.metadata.get("label", f.name))
        for f in dataclasses.fields(record)
        if not f.metadata.get("internal")
    }


def to_json(record: Any) -> dict[str, Any]:
    """A record as JSON: its exchanged fields, nested records as objects."""
    out: dict[str, Any] = {}
    for name in exchanged(type(record)):
        value = getattr(record, name)
        # most values are scalars: no record to look into (a page of 200 links: 0.3 ms)
        out[name] = value if type(value) in _SCALAR_TYPES else plain(value)
    return out


def json_text(record: Any) -> str:
    """A record as the JSON API writes it (its exchanged fields, UTF-8 unescaped, no
    spaces; a number that is not finite as null, as the API's encoder writes it).

    >>> json_text(Failure("a.txt", "无法读取", None, "t"))
    '{"path":"a.txt","reason":"无法读取","rules_version":null,"failed_at":"t"}'
    """
    values = to_json(record)
    for name, value in values.items():
        if type(value) is float and not math.isfinite(value):
            values[name] = None
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


_SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)


def plain(value: Any, flat: bool = False) -> Any:
    """Records, lists and dicts of them as plain JSON values.  With ``flat``, a flat record
    (every field exchanged, every field a scalar: a link, a report) is kept as it is, for
    an encoder that writes records itself (orjson): the same JSON, without a dict built
    for each row."""
    if isinstance(value, _SCALARS):  # most values: no record to look into
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value if flat and _flat(type(value)) else to_json(value)
    if isinstance(value, list | tuple):
        if flat and value:
            kinds = {type(v) for v in value}
            if len(kinds) == 1 and _flat_record(kinds.pop()):  # a page of rows of one kind
                return list(value)
        return [plain(v, flat) for v in value]
    if isinstance(value, dict):
        return {k: plain(v, flat) for k, v in value.items()}
    return value


def _flat_record(kind: type[Any]) -> bool:
    return dataclasses.is_dataclass(kind) and _flat(kind)


_FLAT: dict[type[Any], bool] = {}
_SCALAR_NAMES = frozenset(("str", "int", "float", "bool", "None"))


def _flat(record: type[Any]) -> bool:
    """Whether every field of ``record`` is exchanged and typed as a scalar."""
    flat = _FLAT.get(record)
    if flat is None:
        fields = dataclasses.fields(record)
        flat = len(exchanged(record)) == len(fields) and all(
            set(str(f.type).replace(" ", "").split("|")) <= _SCALAR_NAMES for f in fields
        )
        _FLAT[record] = flat
    return flat


def from_row(record: type[Any], row: dict[str, Any]) -> Any:
    """A record from a database row (columns named as the fields; the rest ignored)."""
    names = _init_names(record)
    return record(**{k: v for k, v in row.items() if k in names})


_INIT_NAMES: dict[type[Any], frozenset[str]] = {}


def _init_names(record: type[Any]) -> frozenset[str]:
    names = _INIT_NAMES.get(record)
    if names is None:
        names = frozenset(f.name for f in dataclasses.fields(record) if f.init)
        _INIT_NAMES[record] = names
    return names


# --- the structured document ----------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    index: int = the("sentence index in the report")
    paragraph: int = the("index of its paragraph")
    start: int = the("start offset in the original text")
    end: int = the("end offset in the original text")
    text: str = the("the sentence, normalised (half-width punctuation, simplified script)")
    nstart: int = internal(-1)
    nend: int = internal(-1)


@dataclass(frozen=True)
class Paragraph:
    index: int = the("paragraph index in the report")
    section: int | None = the("index of the innermost section, or null in the preamble")
    role: str = the("role of the part it is in")
    start: int = the("start offset in the original text")
    end: int = the("end offset in the original text")
    lead: str | None = the("enumeration (一是…) or dash_lead (——…), or null", None)
    first_sentence: int = the("index of its first sentence", 0)
    sentence_count: int = the("number of its sentences", 0)
    nstart: int = internal(-1)
    nend: int = internal(-1)
    text: str = internal("")


@dataclass(frozen=True)
class Section:
    index: int = the("section index in the report")
    level: int = the("1 = 一、, 2 = (一), 3 = 1., 4 = (1)")
    marker: str = the("the heading's marker as written")
    title: str = the("the heading's title")
    role: str = the("role of the part")
    parent: int | None = the("index of the enclosing section, or null")
    start: int = the("start offset of the heading in the original text")
    end: int = the("end offset of the heading in the original text")
    nstart: int = internal(-1)
    nend: int = internal(-1)
    rule: str = internal("")


@dataclass(frozen=True)
class Field:
    """A metadata value with how it was found, or null with the reason it was not."""

    value: Any = the("the value, or null")
    source: str | None = the("where the value was found", None)
    reason: str | None = the("why the value is null", None)


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
        return {name: to_json(getattr(self, name)) for name in METADATA_FIELDS}

    def value(self, name: str) -> Any:
        f: Field = getattr(self, name)
        return f.value


class OffsetMap(Protocol):
    """Where each character of the normalised body came from in the original text."""

    def to_original(self, nstart: int, nend: int) -> tuple[int, int]: ...


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
    offsets: OffsetMap | None = None  # None: text and original are the same string

    def role_of_paragraph(self, index: int) -> str:
        return self.paragraphs[index].role

    def to_original(self, nstart: int, nend: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[nstart:nend]`` came from."""
        if self.offsets is None:
            return nstart, nend
        start, end = self.offsets.to_original(nstart, nend)
        return int(start), int(end)

    def body_span(self) -> tuple[int, int]:
        if not self.paragraphs:
            return (0, 0)
        return (self.paragraphs[0].start, self.paragraphs[-1].end)


# --- facts ------------------------------------------------------------------------------

_SPAN = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


@cache
def period_years(period: str) -> tuple[int | None, int | None]:
    """ "2021-2025" → (2021, 2025); "2025" → (2025, 2025); else (None, None)."""
    m = _SPAN.match(period)
    if not m:
        return None, None
    first = int(m.group(1))
    return first, int(m.group(2)) if m.group(2) else first


@dataclass(frozen=True)
class Fact:
    """One fact of a report, as extracted and as stored.

    ``indicator`` is None for an open-vocabulary quantity, named by ``metric``.  The
    fields from ``id`` on are filled when the fact is stored (or, for ``rules_version``
    and the report's fields, when it is given out).
    """

    indicator: str | None = the("indicator id (indicators.tsv), empty for other quantities")
    measure: str = the("level, growth, rate, change_pp or qualitative")
    status: str = the("actual, target, plan (mentioned for other quantities)")
    period: str = the("year or span the fact is about")
    value: float | None = the("number as written (in unit)")
    low: float | None = the("low bound of a range")
    high: float | None = the("high bound of a range")
    unit: str | None = the("unit as written")
    modifier: str = the("point, around, at_least, at_most, range, qualitative")
    stretch: bool = the("1 if a stretch goal (li zheng)")
    direction: str | None = the("down for a fall")
    start: int = the("start offset of the quote in the original text", -1)
    end: int = the("end offset of the quote in the original text", -1)
    quote: str = the("the report text the fact comes from", "")
    role: str = the("role of the report part", "other")
    metric: str = the("words naming what is measured", "")
    base_value: float | None = the("value in the base unit", None)
    base_unit: str | None = the("base unit of the dimension", None)
    sentence: int = the("sentence index in the report", -1)
    rule: str = the("rule that made the fact", "chain")
    rules_version: str = the("rules version that extracted the fact", "", column=False)
    headline: bool = the("1 if a headline indicator, 0 for other quantities", False)
    period_start: int | None = the("first year of the period", None)
    period_end: int | None = the("last year of the period", None)
    id: int | None = the("fact id in the database", None)
    report_id: int | None = the("report id", None)
    report_name: str | None = the("report file name", None, column=False)
    report_region: str | None = the("region of the report", None, column=False)
    report_level: str | None = the("level of the report", None, column=False)
    report_admin_code: str | None = the("division code of the report", None, column=False)
    report_year: int | None = the("year of the report", None, column=False)
    nstart: int = internal(-1)
    nend: int = internal(-1)
    number_start: int = internal(-1)  # where the number itself sits, for coverage

    def __post_init__(self) -> None:
        if self.headline is not (self.indicator is not None):
            object.__setattr__(self, "headline", self.indicator is not None)
        if self.stretch is not True and self.stretch is not False:
            object.__setattr__(self, "stretch", bool(self.stretch))
        if self.period_start is None and self.period_end is None:
            first, last = period_years(self.period)
            object.__setattr__(self, "period_start", first)
            object.__setattr__(self, "period_end", last)

    @classmethod
    def of(cls, **fields: Any) -> Fact:
        """The fact ``Fact(**fields)`` gives, made without the dataclass's ``__init__``,
        which sets each of the 38 fields of a frozen class through ``object.__setattr__``
        (every quantity of a report becomes a fact in ingest)."""
        defaults, required = _fact_defaults()
        values = dict(defaults)
        values.update(fields)
        if len(values) != len(defaults) or not required <= fields.keys():
            unknown = sorted(fields.keys() - defaults.keys())
            raise TypeError(
                f"Fact.of: unknown {unknown}, missing {sorted(required - fields.keys())}"
            )
        values["headline"] = values["indicator"] is not None
        values["stretch"] = bool(values["stretch"])
        if values["period_start"] is None and values["period_end"] is None:
            values["period_start"], values["period_end"] = period_years(values["period"])
        fact = object.__new__(cls)
        fact.__dict__.update(values)
        return fact

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


@cache
def _fact_defaults() -> tuple[dict[str, Any], frozenset[str]]:
    """Each field of a fact with its default (None where it has none), and the fields
    without one, which ``Fact.of`` must be given."""
    fields = dataclasses.fields(Fact)
    return (
        {f.name: None if f.default is dataclasses.MISSING else f.default for f in fields},
        frozenset(f.name for f in fields if f.default is dataclasses.MISSING),
    )


# the fields a gold line has (../shared/gold/README.md), named as the fact's
GOLD_FIELDS = (
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
    "quote",
)

# --- the stored collection -----------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """A report as stored (its text aside), with counts of its latest extraction."""

    sha256: str = the("SHA-256 of the report file's bytes")
    path: str = the("path of the file when ingested")
    name: str = the("file name")
    format: str = the("file format (txt, html, docx, pdf)")
    encoding: str | None = the("detected text encoding")
    region: str | None = the("region (division name)")
    level: str | None = the("level (national, province, prefecture, county)")
    admin_code: str | None = the("6-digit administrative division code")
    year: int | None = the("year the report was delivered")
    date: str | None = the("date delivered (YYYY-MM-DD)")
    speaker: str | None = the("speaker")
    speaker_title: str | None = the("speaker's title")
    congress: str | None = the("people's congress")
    session: str | None = the("session of the congress")
    chars: int = the("length of the original text in characters")
    id: int | None = the("report id in the database", None)
    ingested_at: str | None = the("when the report was stored (UTC)", None)
    rules_version: str | None = the("rules version of the latest extraction", None, column=False)
    facts: int = the("number of headline facts", 0, column=False)
    targets: int = the("number of headline targets", 0, column=False)


@dataclass(frozen=True)
class ReportDetail:
    """One stored report whole: its record, text, outline, sentences and facts."""

    report: Report = the("the report")
    text: str = the("the original text")
    sections: tuple[Section, ...] = the("headings")
    paragraphs: tuple[Paragraph, ...] = the("paragraphs")
    sentences: tuple[Sentence, ...] = the("sentences")
    facts: tuple[Fact, ...] = the("facts of the latest extraction, in text order")
    phrases: tuple[Phrase, ...] = the("formulations of the latest extraction", ())


@dataclass(frozen=True)
class Unlinked:
    """A stored report left out of linking, and why."""

    id: int = the("report id")
    name: str = the("file name")
    path: str = the("path of the file when ingested")
    missing: str = the("what is missing: no year, no region")


@dataclass(frozen=True)
class SearchHit:
    """A sentence that contains the query."""

    report_id: int = the("report id")
    sentence: int = the("sentence index in the report")
    text: str = the("the sentence, normalised")
    start: int = the("start offset in the original text")
    end: int = the("end offset in the original text")
    report_name: str = the("report file name")
    report_region: str | None = the("region of the report")
    report_level: str | None = the("level of the report")
    report_year: int | None = the("year of the report")


@dataclass(frozen=True)
class Failure:
    """A file that could not be stored, and why."""

    path: str = the("the file")
    reason: str = the("why it could not be read")
    rules_version: str | None = the("rules version of the attempt")
    failed_at: str = the("when (UTC)")


# --- linking -------------------------------------------------------------------------


@dataclass(frozen=True)
class Attainment:
    """A target of year Y with the outcome a later report states, and the verdict."""

    region: str = the("region")
    admin_code: str | None = the("division code")
    level: str | None = the("level")
    year: int = the("year of the target")
    indicator: str = the("indicator id")
    measure: str = the("measure of target and outcome")
    modifier: str | None = the("modifier of the target")
    target_value: float | None = the("target value")
    target_low: float | None = the("target range low bound")
    target_high: float | None = the("target range high bound")
    target_unit: str | None = the("target unit")
    target_direction: str | None = the("down for a target of a fall")
    stretch: bool = the("1 if the target is a stretch goal")
    target_quote: str | None = the("report text of the target")
    target_report: str | None = the("report file of the target")
    target_fact_id: int | None = the("fact id of the target")
    target_report_id: int | None = the("report id of the target")
    outcome_value: float | None = the("outcome value")
    outcome_unit: str | None = the("outcome unit")
    outcome_modifier: str | None = the("modifier of the outcome statement")
    outcome_direction: str | None = the("down for an outcome that is a fall")
    outcome_quote: str | None = the("report text of the outcome")
    outcome_report: str | None = the("report file of the outcome")
    outcome_fact_id: int | None = the("fact id of the outcome")
    outcome_report_id: int | None = the("report id of the outcome")
    verdict: str = the("met, exceeded, missed, not_comparable, no_outcome, not_set")
    gap: float | None = the("outcome minus target (signed, target unit)")
    note: str = the("remarks on the link")

    def as_dict(self) -> dict[str, Any]:
        return to_json(self)


@dataclass(frozen=True)
class SeriesPoint:
    """One year of an indicator in a region: its target and outcome."""

    region: str = the("region")
    year: int = the("year")
    indicator: str = the("indicator id")
    measure: str = the("measure")
    target_value: float | None = the("target value")
    target_low: float | None = the("target range low bound")
    target_high: float | None = the("target range high bound")
    modifier: str | None = the("modifier of the target")
    stretch: bool = the("1 if the target is a stretch goal")
    outcome_value: float | None = the("outcome value")
    outcome_unit: str | None = the("outcome unit")
    verdict: str | None = the("verdict (empty where no target was set)")
    target_report: str | None = the("report file of the target")
    outcome_report: str | None = the("report file of the outcome")
    target_quote: str | None = the("the target as the report words it", None)
    outcome_quote: str | None = the("the outcome as the report words it", None)
    target_unit: str | None = the("unit of the target", None)

    def as_dict(self) -> dict[str, Any]:
        return to_json(self)


@dataclass(frozen=True)
class Comparison:
    """A region's target for one year beside the national one."""

    region: str = the("region")
    admin_code: str | None = the("division code")
    level: str | None = the("level")
    year: int = the("year")
    indicator: str = the("indicator id")
    measure: str = the("measure")
    target_value: float | None = the("target value")
    target_low: float | None = the("target range low bound")
    target_high: float | None = the("target range high bound")
    modifier: str | None = the("modifier of the target")
    national_target: float | None = the("the national target, in target_unit")
    gap_to_national: float | None = the("the region's target minus the national one")
    outcome_value: float | None = the("outcome value, in target_unit")
    verdict: str = the("verdict of the region's target")
    target_quote: str | None = the("the target as the report words it", None)
    target_report: str | None = the("report file of the target", None)
    outcome_quote: str | None = the("the outcome as the report words it", None)
    outcome_report: str | None = the("report file of the outcome", None)
    target_unit: str | None = the("unit of target, national target and gap", None)

    def as_dict(self) -> dict[str, Any]:
        return to_json(self)


# the tables an export writes, each the fields of one record
TABLES: dict[str, type[Any]] = {
    "reports": Report,
    "facts": Fact,
    "attainment": Attainment,
    "series": SeriesPoint,
}


# --- evaluation against gold -----------------------------------------------------------


@dataclass(frozen=True)
class SliceScore:
    """Precision, recall and F1 of one slice of the gold (a status, level, era …)."""

    precision: float = the("share of predictions that match a gold fact")
    recall: float = the("share of gold facts matched")
    f1: float = the("harmonic mean of precision and recall")
    tp: int = the("predictions that match a gold fact")
    fp: int = the("predictions that match none (outside the tasks part)")
    fn: int = the("gold facts matched by no prediction")


@dataclass(frozen=True)
class FileScore:
    source: str = the("the gold file, <level>/<name>")
    score: SliceScore = the("its score")


@dataclass(frozen=True)
class ScoredFact:
    """A gold fact missed, or a prediction that matched nothing, with its sentence."""

    source: str = the("the gold file, <level>/<name>")
    indicator: str | None = the("indicator id")
    measure: str = the("measure")
    status: str = the("status")
    period: str = the("period")
    value: float | None = the("value")
    low: float | None = the("low bound")
    high: float | None = the("high bound")
    unit: str | None = the("unit as written")
    modifier: str = the("modifier")
    stretch: bool = the("stretch goal")
    direction: str | None = the("down for a fall")
    quote: str = the("quote")
    sentence: str = the("the sentence it sits in")


@dataclass(frozen=True)
class Evaluation:
    """Extraction scored against the gold (rules of the gold README)."""

    overall: SliceScore = the("all gold facts")
    per_status: dict[str, SliceScore] = the("by status")
    per_level: dict[str, SliceScore] = the("by level of the report")
    per_era: dict[str, SliceScore] = the("by year of the report: <=2012, 2013-2022, >=2023")
    per_indicator: dict[str, SliceScore] = the("by indicator")
    provenance: float = the("share of matches whose span overlaps the gold quote")
    stretch_accuracy: float = the("share of matches with the gold's stretch")
    direction_accuracy: float = the("share of matches with the gold's direction")
    files: tuple[FileScore, ...] = the("each gold file's score")
    errors: tuple[str, ...] = the("reports that could not be read")
    misses: tuple[ScoredFact, ...] = the("gold facts not found")
    false_positives: tuple[ScoredFact, ...] = the("predictions that match no gold fact")
    gold_hash: str = the("content hash of the gold folder")

    @property
    def f1(self) -> float:
        return self.overall.f1


# --- formulations -------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """A formulation (提法) of a report: a numbered slogan or a coined term."""

    term: str = the("the formulation as written, without quotation marks")
    kind: str = the("numbered (六稳, 一带一路) or coined (a quoted term: 放管服)")
    start: int = the("start offset of its first use in the original text")
    end: int = the("end offset of its first use in the original text")
    count: int = the("how many times the term occurs in the report")
    expansion: tuple[str, ...] | None = the("the items it stands for, where the report lists them")
    canonical: str | None = the("its lexicon entry, if known", None)
    gloss: str | None = the("a short English gloss from the lexicon", None)
    known: bool = the("1 if in the lexicon (rules/phrases.yaml), 0 for a candidate", False)
    strict: bool = the(
        "1 if a formulation by the rules; 0 for a lexicon term the report uses unquoted", True
    )
    rule: str = the("what found it: quoted, lexicon, or a numbered shape", "quoted")


@dataclass(frozen=True)
class LexiconEntry:
    """A known formulation (rules/phrases.yaml)."""

    term: str = the("the canonical form")
    kind: str = the("numbered or coined")
    variants: tuple[str, ...] = the("other forms reports write it in")
    expansion: tuple[str, ...] | None = the("the items it stands for")
    gloss: str = the("a short English gloss")
    quoted_only: bool = the("1 if a formulation only where the report quotes it", False)


@dataclass(frozen=True)
class PhraseUse:
    """A formulation as a stored report uses it (for its spread over time and place)."""

    term: str = the("the formulation as written")
    kind: str = the("numbered or coined")
    canonical: str | None = the("its lexicon entry, if known")
    count: int = the("how many times the report uses it")
    strict: bool = the("1 if a formulation by the rules; 0 for an unquoted lexicon term")
    start: int = the("start offset of its first use in the original text")
    end: int = the("end offset of its first use in the original text")
    report_id: int = the("report id")
    report_name: str = the("report file name")
    report_region: str | None = the("region of the report")
    report_level: str | None = the("level of the report")
    report_admin_code: str | None = the("division code of the report")
    report_year: int | None = the("year of the report")
    report_chars: int = the("length of the report in characters")


@dataclass(frozen=True)
class PhraseSpread:
    """When a region first used a formulation, against its first national use."""

    term: str = the("the formulation")
    region: str = the("region")
    level: str | None = the("level of the region")
    first_year: int = the("year of the first report of the region that uses it")
    first_report: str = the("that report's file name")
    first_report_id: int = the("that report's id")
    first_start: int = the("start offset of the first use in that report")
    reports: int = the("reports of the region that use it")
    per_10k: float = the("uses per 10,000 characters in the reports that use it")
    national_year: int | None = the("year of the first national report that uses it")
    lag: int | None = the("first_year minus national_year (negative: before the centre)")
    before_national: bool = the("1 if the region used it before any national report did")


@dataclass(frozen=True)
class PhraseCount:
    """How widely a formulation is used in the collection."""

    term: str = the("the formulation")
    kind: str = the("numbered or coined")
    reports: int = the("reports that use it")
    uses: int = the("uses in all reports")
    first_year: int | None = the("year of the first report that uses it")
    national_year: int | None = the("year of the first national report that uses it")
    gloss: str | None = the("a short English gloss from the lexicon")


@dataclass(frozen=True)
class PhraseScore:
    """Formulations scored against hand-made lists."""

    overall: SliceScore = the("all listed terms")
    per_kind: dict[str, SliceScore] = the("by kind: numbered, coined")
    per_file: dict[str, SliceScore] = the("by list")
    kind_accuracy: float = the("share of matched terms of the listed kind")
    expansion_accuracy: float = the("share of matched terms with a listed expansion given it")
    expansions_checked: int = the("matched terms with a listed expansion")
    misses: tuple[str, ...] = the("listed terms not found")
    false_positives: tuple[str, ...] = the("terms found and not listed")


# --- tasks and commitments --------------------------------------------------------------

CommitmentVerdict = Literal["met", "exceeded", "short", "no_number", "not_reported"]
COMMITMENT_VERDICTS: tuple[str, ...] = get_args(CommitmentVerdict)


@dataclass(frozen=True)
class TaskItem:
    """A task of the tasks part: a paragraph under its headings, or an item it lists."""

    task_id: str = the("stable id: the report's hash and the task's place in the outline")
    path: str = the("the headings above it, outermost first (二、 > （三）)")
    lead: str = the("its lead words: the paragraph's first clause")
    start: int = the("start offset in the original text")
    end: int = the("end offset in the original text")
    deadline: str | None = the("deadline words (年底前, 6月底前, 年内), or null")
    lead_unit: str | None = the("suggested lead unit: a draft for people to correct", None)
    participants: tuple[str, ...] = the("suggested participating units (draft)", ())
    division: str = the("the suggestion as 分工 documents write it (A牵头，B、C…负责)", "")
    unit_rule: str = the("the areas and words that decided the suggestion", "")
    parent: str | None = the("the task that heads the list it is an item of (一是…), or null", None)


@dataclass(frozen=True)
class Commitment:
    """A number in the tasks part that promises something for the year."""

    quote: str = the("the report text of the commitment (what + number + qualifier)")
    start: int = the("start offset of the quote in the original text")
    end: int = the("end offset of the quote in the original text")
    metric: str = the("what is counted, as the report words it")
    value: float | None = the("number as written (in unit)")
    low: float | None = the("low bound of a range")
    high: float | None = the("high bound of a range")
    unit: str | None = the("unit as written")
    base_value: float | None = the("value in the base unit")
    base_unit: str | None = the("base unit of the dimension")
    modifier: str = the("point, around, at_least, at_most, range")
    direction: str | None = the("down for 降低/减少/压减, else null")
    deadline: str | None = the("deadline words (年底前, 6月底前), or null")
    task_id: str = the("the task it belongs to")
    sentence: int = the("sentence index in the report")


@dataclass(frozen=True)
class FollowUp:
    """A commitment of year Y with the result the report of Y+1 states, and the verdict."""

    commitment: Commitment = the("the commitment")
    outcome_quote: str | None = the("the report text of the result, or null")
    outcome_start: int | None = the("its start offset in the next report's original text")
    outcome_end: int | None = the("its end offset")
    outcome_value: float | None = the("the result as written")
    outcome_low: float | None = the("low bound of a ranged result")
    outcome_high: float | None = the("high bound of a ranged result")
    outcome_unit: str | None = the("unit of the result")
    outcome_modifier: str | None = the("modifier of the result")
    outcome_direction: str | None = the("down for a reported fall")
    verdict: str = the("met, exceeded, short, no_number, not_reported")
    note: str = the("how the result was found", "")


@dataclass(frozen=True)
class StoredFollowUp:
    """A stored report's commitments with the results its region's next stored report
    states: the two reports and, for each follow-up, where the result stands."""

    report: Report = the("the report of year Y")
    next_report: Report = the("the same region's report of year Y+1")
    followups: tuple[FollowUp, ...] = the("each commitment with its result and verdict")
    outcome_sentences: tuple[int | None, ...] = the(
        "for each follow-up, the index of the next report's sentence holding the result"
    )


@dataclass(frozen=True)
class CommitmentScore:
    """Commitments scored against hand-made answers."""

    overall: SliceScore = the("commitments: span overlaps the gold quote and value and unit agree")
    per_file: dict[str, SliceScore] = the("by report")
    outcome_accuracy: float = the("matched commitments whose outcome is the gold's")
    verdict_accuracy: float = the("matched commitments with the gold's verdict")
    matched: int = the("matched commitments")
    misses: tuple[str, ...] = the("gold commitments not found")
    false_positives: tuple[str, ...] = the("commitments found and not in the gold")
    verdict_errors: tuple[str, ...] = the("matched commitments with another verdict")


# --- supervision --------------------------------------------------------------------

TaskStatus = Literal["未启动", "推进中", "已完成", "滞后"]
TASK_STATUSES: tuple[str, ...] = get_args(TaskStatus)
# what a supervision office may set on a task
TASK_FIELDS = ("lead_unit", "participants", "deadline", "status", "progress")


@dataclass(frozen=True)
class TaskEdit:
    """One change a user made to a task (kept, never overwritten)."""

    task_id: str = the("the task")
    field: str = the("lead_unit, participants, deadline, status or progress")
    value: str = the("the new value")
    author: str = the("the name the user gave")
    at: str = the("when (UTC)")


@dataclass(frozen=True)
class SupervisedTask:
    """A row of a report's task table (任务分解表): the task, its commitments, and what
    the office set (or the draft suggestion where nothing was set)."""

    number: int = the("序号")
    task_id: str = the("stable id of the task")
    path: str = the("the headings above it")
    task: str = the("工作任务: the task's lead words")
    targets: str = the("量化指标: its quantified commitments, as worded")
    deadline: str | None = the("完成时限")
    lead_unit: str | None = the("牵头单位 (a draft suggestion until someone sets it)")
    participants: str = the("责任单位")
    status: str = the("未启动, 推进中, 已完成 or 滞后")
    progress: str = the("进展情况: the latest progress note")
    suggested: bool = the("1 while the units are the draft suggestion, not set by anyone")
    edited_by: str | None = the("who changed it last")
    edited_at: str | None = the("when it was changed last (UTC)")
    start: int = the("start offset of the task in the original text")
    sentence: int = the("index of the sentence it starts in (the reader's #s-N)", 0)


TABLES["tasks"] = SupervisedTask  # a report's task table exports like the other tables


# --- the hierarchy ----------------------------------------------------------------------


@dataclass(frozen=True)
class HierarchyRow:
    """A child region's target and outcome beside its parent's, for one year."""

    year: int = the("year of the targets")
    indicator: str = the("indicator id")
    measure: str = the("measure")
    parent_region: str = the("the parent region")
    parent_code: str = the("its division code as of the year")
    parent_target: float | None = the("the parent's target (middle of a range)")
    parent_outcome: float | None = the("the parent's outcome")
    child_region: str = the("the child region")
    child_code: str = the("its division code")
    child_level: str | None = the("its level")
    child_target: float | None = the("the child's target (middle of a range)")
    markup: float | None = the("child target minus parent target (加码), in the target unit")
    higher: bool = the("1 if the child set a higher target than the parent")
    child_outcome: float | None = the("the child's outcome")
    child_verdict: str = the("the child's verdict on its own target")
    target_unit: str | None = the("unit of targets, outcomes and markup")
    child_fact_id: int | None = the("fact id of the child's target")
    child_report_id: int | None = the("report id of the child's target")


@dataclass(frozen=True)
class HierarchySummary:
    """A parent and its children for one indicator and year."""

    year: int = the("year of the targets")
    indicator: str = the("indicator id")
    measure: str = the("measure")
    parent_region: str = the("the parent region")
    parent_code: str = the("its division code")
    parent_target: float | None = the("the parent's target")
    children: int = the("children in the division table that year")
    with_target: int = the("children whose target is stored")
    share_higher: float | None = the("share of those setting a higher target than the parent")
    mean_markup: float | None = the("mean of child target minus parent target")
    share_met: float | None = the("share meeting their own target, of those with an outcome")
    missing: tuple[str, ...] = the("children without a stored target")


def describe(record: type[Any]) -> str:
    """The record's exchanged fields as a Markdown table (docs/json.md is made of these)."""
    lines = ["| field | type | meaning |", "|---|---|---|"]
    hints = {f.name: str(f.type) for f in dataclasses.fields(record)}
    for name, label in labels(record).items():
        lines.append(f"| `{name}` | {hints[name].replace('|', 'or')} | {label} |")
    return "\n".join(lines)


# the records docs/json.md documents, by name
DOCUMENTED: dict[str, type[Any]] = {
    "Report": Report,
    "Field": Field,
    "Section": Section,
    "Paragraph": Paragraph,
    "Sentence": Sentence,
    "Fact": Fact,
    "Attainment": Attainment,
    "SeriesPoint": SeriesPoint,
    "Comparison": Comparison,
    "SearchHit": SearchHit,
    "Unlinked": Unlinked,
    "Failure": Failure,
    "SliceScore": SliceScore,
    "ScoredFact": ScoredFact,
    "Evaluation": Evaluation,
    "Phrase": Phrase,
    "PhraseSpread": PhraseSpread,
    "PhraseCount": PhraseCount,
    "LexiconEntry": LexiconEntry,
    "TaskItem": TaskItem,
    "Commitment": Commitment,
    "FollowUp": FollowUp,
    "CommitmentScore": CommitmentScore,
    "HierarchyRow": HierarchyRow,
    "HierarchySummary": HierarchySummary,
    "TaskEdit": TaskEdit,
    "SupervisedTask": SupervisedTask,
}
