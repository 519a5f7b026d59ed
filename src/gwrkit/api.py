"""The public Python API: every CLI command and web route calls these functions.

>>> from gwrkit import api
>>> doc = api.parse("samples/qinglan_2024.txt")
>>> doc.metadata.value("region"), doc.metadata.value("year")
('青岚州', 2024)
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from gwrkit.core.errors import GwrkitError, NotFoundError, UsageError
from gwrkit.core.extras import needs
from gwrkit.core.indicators import indicators
from gwrkit.core.rules import load_yaml
from gwrkit.core.rules import rules_version as _rules_version
from gwrkit.core.schema import (
    LEVELS,
    METADATA_FIELDS,
    TASK_FIELDS,
    TASK_STATUSES,
    Attainment,
    Commitment,
    CommitmentScore,
    Comparison,
    Document,
    Evaluation,
    Fact,
    FollowUp,
    HierarchyRow,
    HierarchySummary,
    LexiconEntry,
    Phrase,
    PhraseCount,
    PhraseScore,
    PhraseSpread,
    Report,
    ReportDetail,
    SearchHit,
    SeriesPoint,
    StoredFollowUp,
    SupervisedTask,
    TaskEdit,
    TaskItem,
    Unlinked,
    check_sort,
    exchanged,
    json_text,
    sorted_by,
    to_json,
)
from gwrkit.core.text import to_halfwidth
from gwrkit.evaluate import commitments as commitment_gold
from gwrkit.evaluate.gold import gold_hash, load_gold
from gwrkit.evaluate.phrases import PhraseScores, load_lists, score_list
from gwrkit.evaluate.phrases import summary as phrase_summary
from gwrkit.evaluate.score import Scores, report, score_file, score_unreadable
from gwrkit.exports import write_table, write_task_sheet
from gwrkit.extract.audit import AuditItem, audit_document
from gwrkit.extract.audit import summary as audit_summary
from gwrkit.extract.commitments import commitments as _commitments
from gwrkit.extract.commitments import package_done
from gwrkit.extract.document import extract_document
from gwrkit.extract.open_metrics import Coverage
from gwrkit.extract.open_metrics import coverage as _coverage
from gwrkit.extract.phrases import find_phrases, lexicon
from gwrkit.extract.tasks import tasks as _tasks
from gwrkit.ingest.chinese import convert_t2s
from gwrkit.ingest.readers import READERS, max_bytes_setting
from gwrkit.ingest.regions import NATIONAL_CODE, RegionInfo, region_info, short_name
from gwrkit.link import followup as _followup
from gwrkit.link import hierarchy as _hierarchy
from gwrkit.link import spread as _spread
from gwrkit.link.attainment import link_targets, missing_for_linking
from gwrkit.link.series import compare as _compare
from gwrkit.link.series import in_unit, target_middle
from gwrkit.link.series import series as _series
from gwrkit.link.verdicts import Tolerance
from gwrkit.pipeline import (
    Completion,
    IngestSummary,
    Overrides,
    PageMaker,
    attainment_stamp,
    expand_paths,
    ingest_paths,
    kept_current,
    phrase_counts_stamp,
    record_of,
    store_attainment,
    store_phrase_counts,
    stored_overrides,
)
from gwrkit.pipeline import complete as complete_collection
from gwrkit.pipeline import extract as _extract
from gwrkit.pipeline import parse as _parse
from gwrkit.pipeline import parse_bytes as _parse_bytes
from gwrkit.store import catalog
from gwrkit.store.catalog import data_version as _data_version
from gwrkit.store.database import Database, open_database, resolve_url

__all__ = [
    "FACT_FIELDS",
    "Attainment",
    "AuditItem",
    "Commitment",
    "CommitmentScore",
    "Comparison",
    "Completion",
    "Coverage",
    "Document",
    "Evaluation",
    "Fact",
    "FollowUp",
    "HierarchyRow",
    "HierarchySummary",
    "IngestSummary",
    "LexiconEntry",
    "Overrides",
    "ParseResult",
    "Phrase",
    "PhraseCount",
    "PhraseScore",
    "PhraseSpread",
    "RegionInfo",
    "Report",
    "ReportDetail",
    "SearchHit",
    "SeriesPoint",
    "Store",
    "StoredFollowUp",
    "SupervisedTask",
    "TaskEdit",
    "TaskItem",
    "Tolerance",
    "Unlinked",
    "UsageError",
    "attainment",
    "audit",
    "audit_summary",
    "commitments",
    "compare",
    "coverage",
    "data_version",
    "document_to_dict",
    "edit_task",
    "evaluate",
    "evaluate_commitments",
    "evaluate_phrases",
    "export",
    "export_tasks",
    "extract",
    "fact",
    "fact_to_dict",
    "facts",
    "followup",
    "followup_stored",
    "hierarchy",
    "hierarchy_summary",
    "in_unit",
    "indicator_ids",
    "indicator_names",
    "ingest",
    "keep_page",
    "kept_page",
    "labels_data",
    "lexicon_entry",
    "max_upload",
    "open_store",
    "parse",
    "parse_bytes",
    "parse_many",
    "parse_overrides",
    "phrase_counts",
    "phrase_spread",
    "phrases",
    "reextract",
    "regions",
    "report_detail",
    "report_followup",
    "reports",
    "resolve_url",
    "rules_version",
    "search",
    "search_form",
    "series",
    "store_upload",
    "stored_regions",
    "target_middle",
    "task_history",
    "task_table",
    "tasks",
    "to_frame",
    "to_json",
    "unlinked",
]

SCHEMA_VERSION = 2


def regions(name: str, year: int | None = None) -> list[RegionInfo]:
    """Every division a name may mean (as of ``year`` when given): code, level, years in
    use, parent chain, predecessors and successors.  Raises NotFoundError when none.

    >>> [(r.code, r.years) for r in regions("徐水县")]
    [('130625', '1994–2014'), ('132423', '1981–1993')]
    """
    found = region_info(name, year)
    if not found:
        raise NotFoundError(f"no division named {name!r} in the division table")
    return found


def parse(
    path: str | os.PathLike[str],
    overrides: Overrides | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Read and structure one report file; raises ``IngestError`` naming the file."""
    return _parse(path, overrides, max_bytes)


def parse_bytes(data: bytes, name: str, overrides: Overrides | None = None) -> Document:
    """Read and structure a report given as bytes; ``name``'s suffix picks the reader."""
    return _parse_bytes(data, name, overrides)


@dataclass(frozen=True)
class ParseResult:
    """One file of a batch: its document, or the error that stopped it."""

    path: str
    document: Document | None
    error: str | None


def parse_many(
    paths: Iterable[str | os.PathLike[str]], overrides: Overrides | None = None
) -> Iterator[ParseResult]:
    """Parse files one by one; a failure is recorded for its file and the batch goes on."""
    for path in paths:
        name = os.fspath(path)
        try:
            yield ParseResult(name, parse(name, overrides), None)
        except GwrkitError as exc:
            yield ParseResult(name, None, str(exc))


def parse_overrides(pairs: Iterable[str]) -> Overrides:
    """``["year=2025", "region=青海省"]`` → a dict of metadata overrides."""
    out: Overrides = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or key not in METADATA_FIELDS:
            known = ", ".join(METADATA_FIELDS)
            raise UsageError(f"bad override {pair!r}: use FIELD=VALUE with FIELD one of {known}")
        out[key] = int(value) if key == "year" and value.strip().isdigit() else value.strip()
    return out


def document_to_dict(doc: Document, sentences: bool = True) -> dict[str, Any]:
    """The JSON form of a document (see docs/json.md): the report's fields, its metadata
    with sources and reasons, and its sections, paragraphs and sentences as the schema
    declares them."""
    out: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "source": doc.path,
        "format": doc.format,
        "encoding": doc.encoding,
        "sha256": doc.sha256,
        "chars": len(doc.original),
        "metadata": doc.metadata.as_dict(),
        "sections": [to_json(s) for s in doc.sections],
        "paragraphs": [to_json(p) for p in doc.paragraphs],
    }
    if sentences:
        out["sentences"] = [to_json(s) for s in doc.sentences]
    return out


FACT_FIELDS = exchanged(Fact)


def extract(doc: Document, all_quantities: bool = False) -> list[Fact]:
    """Headline facts of a parsed report; with ``all_quantities`` every quantity too.
    Each carries the rules version and its report's region, level, code and year.

    >>> facts = extract(parse("samples/qinglan_2025.txt"))
    >>> facts[0].indicator, facts[0].status, facts[0].value, facts[0].unit
    ('gdp', 'actual', 462.8, '亿元')
    """
    return _extract(doc, all_quantities)


def fact_to_dict(fact: Fact) -> dict[str, Any]:
    """The JSON form of a fact (see docs/json.md), the same in the CLI and the JSON API:
    the gold's field names, the span ``start``/``end`` into the file's decoded text,
    ``quote`` (that slice) and the rest of the schema's fields."""
    return to_json(fact)


def phrases(doc: Document) -> list[Phrase]:
    """The formulations (提法) of a parsed report in order of first use: numbered slogans
    (六稳, 一带一路) and quoted coined terms (“放管服”), each with its first use as a span of
    the original, its count and its expansion where the report lists the items.

    >>> [(p.term, p.kind, p.count) for p in phrases(parse("samples/qinglan_2024.txt"))]
    [('八项规定', 'numbered', 1)]
    """
    return find_phrases(doc)


def phrase_spread(term: str, db: StoreArg = None, mentions: bool = False) -> list[PhraseSpread]:
    """For one formulation (as written or its lexicon form): each stored region's first
    use, the lag after the first national use, uses per 10,000 characters, and whether
    the region used it before the centre.  ``mentions``: count a coined lexicon term the
    report does not quote too (新质生产力)."""
    with _store(db) as store:
        uses = catalog.phrase_uses(store, term, strict=not mentions)
        if not uses:
            raise NotFoundError(f"no stored report uses {term!r}")
        return _spread.spread(uses, term)


def tasks(doc: Document) -> list[TaskItem]:
    """The task items of a report's tasks part (after the targets paragraph), each with
    its headings, lead words, span, deadline words and a stable id."""
    return _tasks(doc)


def commitments(doc: Document) -> list[Commitment]:
    """The quantified commitments of a report's tasks part (rules: rules/commitments.yaml):
    what is promised, the number with unit, modifier and direction, the deadline words
    and the task it belongs to.  Headline indicators stay headline facts."""
    return _commitments(doc)


def followup(
    doc: Document, next_doc: Document, tolerance: _followup.Tolerance | None = None
) -> list[FollowUp]:
    """Each commitment of ``doc`` (year Y) with the result that ``next_doc`` (the same
    region's report of Y+1) states in its review, and a verdict: met, exceeded, short,
    no_number or not_reported."""
    year = doc.metadata.value("year")
    outcomes = [
        f
        for f in extract_document(next_doc, all_quantities=True)
        if f.role in ("review", "review_multi_year")
        and (year is None or (f.period_start == f.period_end == year))
    ]
    # a result said without a number counts from the review of the one year only: a
    # five-year review's totals are no year's result (../shared/commitments/README.md)
    review = {p.index for p in next_doc.paragraphs if p.role == "review"}
    sentences = [
        _followup.ReviewSentence(s.start, s.end, next_doc.original[s.start : s.end])
        for s in next_doc.sentences
        if s.paragraph in review
    ]
    items = _tasks(doc)
    found = _commitments(doc, items)
    every = {p.index for p in next_doc.paragraphs if p.role in ("review", "review_multi_year")}
    said = [
        _followup.ReviewSentence(s.start, s.end, next_doc.original[s.start : s.end])
        for s in next_doc.sentences
        if s.paragraph in every
    ]
    packages = _packages(items, said)
    return _followup.follow(found, outcomes, sentences, tolerance, packages=packages)


def _packages(
    items: list[TaskItem], sentences: list[_followup.ReviewSentence]
) -> dict[str, _followup.ReviewSentence]:
    """Tasks whose package (民生实事) the next review says was done, with that sentence."""
    return package_done(items, sentences)


def followup_stored(region: str, year: int, db: StoreArg = None) -> list[FollowUp]:
    """Follow-through from a database: the stored report of ``region`` for ``year`` and
    the one for ``year + 1``."""
    with _store(db) as store:
        stored = reports(store, region=region)
        by_year = {r.year: r for r in stored if r.id is not None}
        missing = [y for y in (year, year + 1) if y not in by_year]
        if missing:
            raise NotFoundError(
                f"no stored report of {region} for {' and '.join(map(str, missing))}"
            )
        this = _stored_document(store, int(by_year[year].id or 0))
        nxt = _stored_document(store, int(by_year[year + 1].id or 0))
        return followup(this, nxt)


def report_followup(rid: int, db: StoreArg = None) -> StoredFollowUp:
    """A stored report's commitments with the results that its region's stored report of
    the next year states (the follow-through page), and where each result stands."""
    with _store(db) as store:
        record, text = _stored(store, rid)
        if record.year is None or not (record.admin_code or record.region):
            raise NotFoundError(f"report {rid} has no year or region to follow it through")
        where = {"admin_code": record.admin_code} if record.admin_code else {
            "region": record.region}  # fmt: skip
        later = [r for r in catalog.list_reports(store, **where, year=record.year + 1) if r.id]
        if not later:
            raise NotFoundError(
                f"no stored report of {record.region or record.admin_code} for {record.year + 1}"
            )
        this = _document_of(record, text)
        nxt = _stored_document(store, int(later[0].id or 0))
    found = followup(this, nxt)
    sentence_of = _sentence_at(nxt)
    at = [None if f.outcome_start is None else sentence_of(f.outcome_start) for f in found]
    return StoredFollowUp(record, later[0], tuple(found), tuple(at))


def _sentence_at(doc: Document) -> Callable[[int], int]:
    """The index of the sentence of ``doc`` that holds an offset of its original text."""
    starts = [s.start for s in doc.sentences]
    return lambda offset: doc.sentences[max(0, bisect.bisect_right(starts, offset) - 1)].index


def evaluate_commitments(
    gold_dir: str | os.PathLike[str], corpus_dir: str | os.PathLike[str] | None = None
) -> CommitmentScore:
    """Score commitments and their follow-through against hand-made answers
    (../shared/commitments): precision and recall of commitments, and for the matched
    ones the share with the gold's outcome and verdict."""
    scores = commitment_gold.CommitmentScores()
    for gold in commitment_gold.load_lists(gold_dir, corpus_dir):
        doc, nxt = parse(gold.report), parse(gold.next_report)
        found = followup(doc, nxt)
        commitment_gold.score_list(scores, gold, doc.original, nxt.original, found)
    return commitment_gold.summary(scores)


def _stored(store: Database, rid: int) -> tuple[Report, str]:
    """A stored report's record and original text, or NotFoundError."""
    found = catalog.report(store, rid)
    if found is None:
        raise NotFoundError(f"no report with id {rid}")
    return found


def _document_of(record: Report, text: str) -> Document:
    """A stored report read again, with the year and region it is stored under."""
    suffix = ".html" if record.format == "html" else ".txt"
    overrides = stored_overrides(record.year, record.region)
    return _parse_bytes(text.encode("utf-8"), "stored" + suffix, overrides)


def _stored_document(store: Database, rid: int) -> Document:
    return _document_of(*_stored(store, rid))


def task_table(rid: int, db: StoreArg = None) -> list[SupervisedTask]:
    """A stored report's task table (任务分解表): each task with its quantified commitments,
    deadline, lead and participating units and status.  Where nobody has set the units,
    they are the draft suggestion (``suggested``); every change is kept (task_history)."""
    with _store(db) as store:
        doc = _stored_document(store, rid)
        edits = catalog.task_edits(store, rid)
    latest: dict[tuple[str, str], TaskEdit] = {}
    for e in edits:
        latest[(e.task_id, e.field)] = e
    by_task: dict[str, list[str]] = {}
    items = _tasks(doc)
    for c in _commitments(doc, items):
        by_task.setdefault(c.task_id, []).append(c.quote)
    sentence_of = _sentence_at(doc)
    out = []
    for n, t in enumerate(items, 1):
        mine = [e for e in edits if e.task_id == t.task_id]
        chosen = {name: latest[(t.task_id, name)].value for name in TASK_FIELDS
                  if (t.task_id, name) in latest}  # fmt: skip
        out.append(
            SupervisedTask(
                number=n, task_id=t.task_id, path=t.path, task=t.lead,
                targets="；".join(by_task.get(t.task_id, [])),
                deadline=chosen.get("deadline", t.deadline),
                lead_unit=chosen.get("lead_unit", t.lead_unit),
                participants=chosen.get("participants", "、".join(t.participants)),
                status=chosen.get("status", "未启动"),
                progress=chosen.get("progress", ""),
                suggested="lead_unit" not in chosen and "participants" not in chosen,
                edited_by=mine[-1].author if mine else None,
                edited_at=mine[-1].at if mine else None,
                start=t.start,
                sentence=sentence_of(t.start),
            )
        )  # fmt: skip
    return out


def edit_task(
    rid: int, task_id: str, field: str, value: str, author: str, db: StoreArg = None
) -> TaskEdit:
    """Set one field of a task (lead_unit, participants, deadline, status, progress); the
    change is kept with its author and time, the history never overwritten."""
    if field not in TASK_FIELDS:
        raise UsageError(f"cannot set {field!r}; set one of {', '.join(TASK_FIELDS)}")
    if field == "status" and value not in TASK_STATUSES:
        raise UsageError(f"status must be one of {'、'.join(TASK_STATUSES)}")
    author = author.strip()
    if not author:
        raise UsageError("say who makes the change (author)")
    if len(value) > 2000 or len(author) > 100:
        raise UsageError("a value is at most 2000 characters, an author 100")
    with _store(db) as store:
        ids = {t.task_id for t in _tasks(_stored_document(store, rid))}
        if task_id not in ids:
            raise NotFoundError(f"report {rid} has no task {task_id!r}")
        change = TaskEdit(task_id, field, value.strip(), author, _now())
        catalog.add_task_edit(store, rid, change)
        return change


def task_history(rid: int, db: StoreArg = None) -> list[TaskEdit]:
    """Every change made to a report's tasks, oldest first."""
    with _store(db) as store:
        _stored(store, rid)
        return catalog.task_edits(store, rid)


def export_tasks(rid: int, to: str, out: str | os.PathLike[str], db: StoreArg = None) -> int:
    """Write a report's task table: ``xlsx`` in the conventional layout (序号, 工作任务,
    量化指标, 完成时限, 牵头单位, 责任单位, 进展情况) with the change history on a second
    sheet, or csv/json/parquet/dta with the schema's fields; returns the number of rows."""
    with _store(db) as store:
        rows = task_table(rid, store)
        history = task_history(rid, store)
    if to == "xlsx":
        write_task_sheet([to_json(r) for r in rows], [to_json(h) for h in history], out)
    else:
        write_table([to_json(r) for r in rows], "tasks", to, out)
    return len(rows)


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def lexicon_entry(term: str) -> LexiconEntry | None:
    """The lexicon's entry for a formulation (canonical form or variant), or None."""
    return lexicon().get(term)


def phrase_counts(db: StoreArg = None, mentions: bool = False) -> list[PhraseCount]:
    """Every formulation of the stored reports by the number of reports using it."""
    with _store(db) as store:
        glosses = {e.term: e.gloss for e in lexicon().values()}
        rows = [
            PhraseCount(term, kind, reports, uses, first, national, glosses.get(term))
            for term, kind, reports, uses, first, national in catalog.phrase_counts(
                store, phrase_counts_stamp(store), mentions
            )
        ]
        return sorted(rows, key=lambda c: (-c.reports, -c.uses, c.term))


def evaluate_phrases(
    gold_dir: str | os.PathLike[str],
    corpus_dir: str | os.PathLike[str] | None = None,
) -> PhraseScore:
    """Score formulations against hand-made lists (../shared/formulations): precision,
    recall and F1 on terms, per kind and per list, kind and expansion accuracy."""
    scores = PhraseScores()
    for listed in load_lists(gold_dir, corpus_dir):
        score_list(scores, listed, find_phrases(parse(listed.corpus_path)))
    return phrase_summary(scores)


def audit(doc: Document, source: str = "") -> list[AuditItem]:
    """Recall without labels: each sentence of a review, targets or plan part that names a
    headline indicator and carries a number but gives no headline fact of it, with the
    reason a rule gives (``rules/audit.yaml``) or ``unexplained``."""
    return audit_document(doc, extract_document(doc), source or doc.path)


def coverage(doc: Document) -> Coverage:
    """How many Arabic-digit numbers of the report end in a quantity or a classified
    non-quantity, and which are left."""
    return _coverage(doc)


def evaluate(
    gold_dir: str | os.PathLike[str],
    corpus_dir: str | os.PathLike[str] | None = None,
    on_file: Callable[[str], None] | None = None,
) -> Evaluation:
    """Score extraction against gold answers (rules of the gold README); the report has
    precision, recall, f1, per_status, per_indicator, per_level, per_era, provenance,
    stretch and direction accuracy, every miss and false positive with its sentence, and
    the gold's content hash."""
    scores = Scores()
    for gold in load_gold(gold_dir, corpus_dir):
        if on_file is not None:
            on_file(gold.name)
        try:
            doc = parse(gold.corpus_path)
        except GwrkitError as exc:
            score_unreadable(scores, gold, str(exc))
            continue
        score_file(scores, gold, doc, extract_document(doc))
    return report(scores, gold_hash(Path(gold_dir)))


# --- the stored collection -------------------------------------------------------------

Store = Database  # an open store: api.open_store(url); close it with .close()
StoreArg = Database | str | os.PathLike[str] | None


def open_store(db: StoreArg = None) -> Database:
    """The database at ``db`` (a path, sqlite:///…, postgresql://…), or GWRKIT_DB, or
    gwrkit.db here; created and migrated as needed.  Close it with ``.close()``."""
    return db if isinstance(db, Database) else open_database(db)


@contextmanager
def _store(db: StoreArg, create: bool = False) -> Iterator[Database]:
    """The store for one call: opened (and closed after) unless the caller passed one.
    Only calls that write create a database; a read of a database file that does not
    exist (a mistyped --db) is an error, not an empty answer."""
    if isinstance(db, Database):
        yield db
        return
    store = open_database(db, create=create)
    try:
        yield store
    finally:
        store.close()


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    db: StoreArg = None,
    workers: int | None = None,
    on_file: Callable[[str], None] | None = None,
    overrides: Overrides | None = None,
    on_completed: Callable[[int, int], None] | None = None,
    completing: bool = True,
) -> IngestSummary:
    """Read, extract and store reports (files, folders, globs) on all cores, then add
    them to the search index and make their reader pages (``completing``: False leaves
    that to :func:`complete`, for a collection loaded in parts; ``on_completed(done,
    total)`` follows it).  ``overrides`` (see :func:`parse_overrides`) set metadata of
    every report read, also of one already stored: a report whose year or region was
    not found is linked once set."""
    with _store(db, create=True) as store:
        return ingest_paths(
            store,
            paths,
            workers,
            on_file,
            overrides or None,
            _page_maker(),
            on_completed,
            completing,
        )


def complete(
    db: StoreArg = None,
    workers: int | None = None,
    on_step: Callable[[int, int], None] | None = None,
) -> Completion:
    """Add stored reports not yet searchable to the search index and make the reader
    pages missing or made by other code (after an upgrade), on all cores; link the
    targets to their outcomes again where the links stored are out of date (made by
    other code) or were stored without their JSON (before migration 16)."""
    maker = _page_maker()
    stale = None
    if maker is not None:
        from gwrkit.serve.page_store import code_version

        stale = code_version()
    with _store(db) as store:
        relink = catalog.links_outdated(store, attainment_stamp(store))
        if relink:
            store_attainment(store)
        if catalog.phrase_counts_outdated(store, phrase_counts_stamp(store)):
            store_phrase_counts(store)
        done = complete_collection(store, maker, workers, on_step, stale)
        done.relinked = relink
        return done


def _page_maker() -> PageMaker | None:
    """What makes a stored report's reader page (gwrkit.serve.page_store), where the web
    extra is installed; None without it (the server, if ever installed, renders pages
    as they are asked for)."""
    if any(find_spec(m) is None for m in ("fastapi", "jinja2")):
        return None
    from gwrkit.serve.page_store import make_page

    return make_page


def _complete_report(store: Database, rid: int, current: tuple[bool, bool], new: bool) -> None:
    """A report stored alone (``new``: an upload not stored before; else an extraction
    again): searchable, its page made, the targets of its place linked again and its
    formulations counted, where what was kept was up to date before it was stored
    (``current``: the links, the counts); else the whole collection's."""
    catalog.index_for_search(store, [rid])
    maker = _page_maker()
    if maker is not None:
        keep_page(rid, *maker(store, rid), store)
    record, _text = _stored(store, rid)
    place = record.admin_code or record.region
    store_attainment(store, ([place] if place else []) if current[0] else None)
    store_phrase_counts(store, [rid] if current[1] and new else None)


def ingest_paths_count(paths: Iterable[str | os.PathLike[str]]) -> int:
    """How many report files ``paths`` name (after expanding folders and globs)."""
    return len(expand_paths(paths))


def _region_filter(store: Database, region: str | None) -> dict[str, str]:
    """A region as typed (青海省, 青海, 630000) → a filter on its division code, or on its
    stored name when it has no code; {} for no region."""
    if region is None:
        return {}
    found = catalog.region_named(store, region)  # a code or a full name: from an index
    if found is not None:
        name, code = found
        return {"admin_code": code} if code else {"region": name}
    stored = catalog.region_codes(store)  # a short name (青海): every stored name is read
    for name, code in stored:
        if region == short_name(name):
            return {"admin_code": code} if code else {"region": name}
    known = ", ".join(name for name, _code in stored[:8])
    raise UsageError(f"unknown region {region!r}; stored regions include {known} …")


def stored_region_counts(db: StoreArg = None) -> list[tuple[str, str | None, int]]:
    """(region, level, number of reports) of each stored region and level, most reports
    first, then by level and region."""
    with _store(db) as store:
        return catalog.region_report_counts(store)


def stored_regions(db: StoreArg = None) -> list[str]:
    """The names of the regions of the stored reports, in order (for pickers)."""
    with _store(db) as store:
        return sorted({name for name, _code in catalog.region_codes(store)})


def _report_filter(store: Database, region: str | None) -> dict[str, Any]:
    """The region filter on the facts' report columns (report_admin_code …)."""
    return {f"report_{k}": v for k, v in _region_filter(store, region).items()}


def _check_indicator(indicator: str | None) -> None:
    if indicator is not None and indicator not in indicators():
        raise UsageError(
            f"unknown indicator {indicator!r}; use an id such as gdp, cpi, urban_new_jobs "
            "(see gwrkit/rules/indicators.yaml)"
        )


def _check_level(level: str | None) -> None:
    if level is not None and level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; use national, province, prefecture or county")


def indicator_names() -> dict[str, tuple[str, str]]:
    """Each headline indicator's Chinese name (its first name) and English name."""
    return {k: (v.names[0] if v.names else k, v.name_en or k) for k, v in indicators().items()}


def labels_data() -> dict[str, dict[str, object]]:
    """The dashboard's words and the vocabularies' labels (rules/labels.yaml)."""
    data = load_yaml("labels.yaml")
    return {"ui": dict(data.get("ui", {})), "vocabularies": dict(data.get("vocabularies", {}))}


def indicator_ids() -> list[str]:
    """The ids of the headline indicators, sorted."""
    return sorted(indicators())


def data_version(db: StoreArg = None) -> int:
    """A number that changes whenever a report or an extraction is stored (for caches)."""
    with _store(db) as store:
        return _data_version(store)


def reports(
    db: StoreArg = None,
    region: str | None = None,
    level: str | None = None,
    year: int | None = None,
) -> list[Report]:
    """Stored reports with counts of facts and targets; filters: region, level, year."""
    with _store(db) as store:
        _check_level(level)
        filters: dict[str, str | int | None] = {"level": level, "year": year}
        filters.update(_region_filter(store, region))
        return catalog.list_reports(store, **filters)


def reports_page(
    db: StoreArg = None,
    region: str | None = None,
    level: str | None = None,
    year: int | None = None,
    sort: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[Report], int]:
    """One page of :func:`reports` (``limit`` from ``offset``), sorted by a column (``-``
    before it: descending; empty cells last), with the number of reports of all pages.
    Only the page's reports are read and counted, unless the sort is by a count."""
    with _store(db) as store:
        _check_level(level)
        check_sort(Report, sort)
        filters: dict[str, str | int | None] = {"level": level, "year": year}
        filters.update(_region_filter(store, region))
        return catalog.list_reports_page(store, sort, limit, offset, **filters)


def unlinked(db: StoreArg = None) -> list[Unlinked]:
    """Stored reports left out of linking (targets, outcomes, series, comparisons) because
    their year or region is unknown: id, name, path and what is missing.  Set the missing
    field when reading them (``--set year=2025``) to link them."""
    with _store(db) as store:
        out = []
        for rid, name, path, year, place in catalog.reports_without_place_or_year(store):
            missing = missing_for_linking(year, place)
            if missing:
                out.append(Unlinked(rid, name, path, missing))
        return out


def facts(
    db: StoreArg = None,
    region: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    level: str | None = None,
    status: str | None = None,
    all_quantities: bool = False,
    rules_version: str | None = None,
) -> list[Fact]:
    """Stored facts with their report's region, level and year (latest extraction)."""
    with _store(db) as store:
        _check_indicator(indicator)
        _check_level(level)
        return catalog.list_facts(
            store,
            headline_only=not all_quantities,
            rules_version=rules_version,
            indicator=indicator,
            status=status,
            report_year=year,
            report_level=level,
            **_report_filter(store, region),
        )


def fact(fid: int, db: StoreArg = None) -> Fact:
    """One stored fact with its report's fields."""
    with _store(db) as store:
        found = catalog.fact_by_id(store, fid)
        if found is None:
            raise NotFoundError(f"no fact with id {fid}")
        return found


def attainment(
    db: StoreArg = None,
    region: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    level: str | None = None,
    tolerance: Tolerance | None = None,
) -> list[Attainment]:
    """Each target linked to its outcome, with a verdict (see gwrkit.link.verdicts).  With
    the default tolerances, the links stored at ingest are read when they are up to
    date; otherwise (or with other tolerances) they are made now."""
    with _store(db) as store:
        _check_indicator(indicator)
        _check_level(level)
        if tolerance is None:
            stored = catalog.stored_attainment(
                store, attainment_stamp(store), indicator=indicator, level=level, year=year,
                **_region_filter(store, region),
            )  # fmt: skip
            if stored is not None:
                return stored
        wanted = None if indicator is None else [indicator, "gdp", "disposable_income"]
        rows = catalog.list_facts(
            store,
            indicator=wanted,
            report_level=level,
            **_report_filter(store, region),
        )
        out = link_targets(rows, tolerance)
        return [
            a
            for a in out
            if (indicator is None or a.indicator == indicator) and (year is None or a.year == year)
        ]


def attainment_page(
    db: StoreArg = None,
    region: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    level: str | None = None,
    verdict: str | None = None,
    sort: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[Attainment], int]:
    """One page of :func:`attainment` (``limit`` rows from ``offset``) filtered by
    ``verdict`` and sorted by a column (``-`` before it: descending; empty cells last),
    with the number of rows of all pages.  The links stored at ingest are paged by the
    database, so a large collection is never read whole."""
    with _store(db) as store:
        filters = _page_filters(store, region, year, indicator, level, verdict, sort)
        page = catalog.stored_attainment_page(
            store, attainment_stamp(store), sort, limit, offset, **filters
        )
        if page is not None:
            return page
        rows = sorted_by(
            [
                a
                for a in attainment(store, region, year, indicator, level)
                if verdict is None or a.verdict == verdict
            ],
            sort,
        )
        return rows[offset : offset + limit], len(rows)


def _page_filters(
    store: Database, region: str | None, year: int | None, indicator: str | None,
    level: str | None, verdict: str | None, sort: str | None,
) -> dict[str, Any]:  # fmt: skip
    """The filters of a page of stored links (columns of the record), once checked."""
    _check_indicator(indicator)
    _check_level(level)
    check_sort(Attainment, sort)
    return {"indicator": indicator, "level": level, "year": year, "verdict": verdict,
            **_region_filter(store, region)}  # fmt: skip


def attainment_page_json(
    db: StoreArg = None,
    region: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    level: str | None = None,
    verdict: str | None = None,
    sort: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[str, int]:
    """The page :func:`attainment_page` gives, as the JSON API writes it: its links as a
    JSON array (text, each link's exchanged fields), and the number of rows of all pages.
    Each link stored at ingest keeps its JSON, so a page is their text joined, where
    making records of a page of 200 links and encoding them took five times as long."""
    with _store(db) as store:
        filters = _page_filters(store, region, year, indicator, level, verdict, sort)
        page = catalog.stored_attainment_json(
            store, attainment_stamp(store), sort, limit, offset, **filters
        )
        if page is not None:
            return page
        rows, total = attainment_page(store, region, year, indicator, level, verdict, sort,
                                      limit, offset)  # fmt: skip
        return "[" + ",".join(json_text(a) for a in rows) + "]", total


def series(
    indicator: str, region: str, db: StoreArg = None, measure: str | None = None
) -> list[SeriesPoint]:
    """Targets and outcomes of one indicator in one region, year by year."""
    with _store(db) as store:
        _check_indicator(indicator)
        att = attainment(store, region=region, indicator=indicator)
        outcomes = facts(store, region=region, indicator=indicator, status="actual")
        return _series(att, outcomes, measure)


def compare(
    year: int,
    indicator: str,
    level: str = "province",
    db: StoreArg = None,
    measure: str = "growth",
) -> list[Comparison]:
    """All regions of a level side by side for one year, beside the national target."""
    with _store(db) as store:
        att = attainment(store, year=year, indicator=indicator, level=level)
        national = attainment(store, year=year, indicator=indicator, level="national")
        return _compare(att, national, measure)


Row = dict[str, object]


def hierarchy(
    indicator: str,
    year: int,
    db: StoreArg = None,
    parent: str | None = None,
    measure: str = "growth",
) -> list[HierarchyRow]:
    """Each stored region's target and outcome of ``year`` beside its parent's (the
    nation for provinces, the province for prefectures, the prefecture for counties, by
    the division codes of that year), with the 加码; ``parent``: one parent's children."""
    with _store(db) as store:
        _check_indicator(indicator)
        found = _hierarchy.rows(attainment(store, year=year, indicator=indicator), measure)
        if parent is not None:
            if parent in ("中华人民共和国", "全国", "national", NATIONAL_CODE):
                wanted = {NATIONAL_CODE}
            else:
                code = _region_filter(store, parent).get("admin_code")
                wanted = {code, parent} if code else {parent}
            found = [r for r in found if r.parent_code in wanted or r.parent_region in wanted]
        return found


def hierarchy_summary(
    indicator: str,
    year: int,
    db: StoreArg = None,
    parent: str | None = None,
    measure: str = "growth",
) -> list[HierarchySummary]:
    """Per parent: children with a target, the share setting a higher one and by how
    much on average, the share meeting their own, and the children with no stored target."""
    return _hierarchy.summaries(hierarchy(indicator, year, db, parent, measure), year)


def to_frame(rows: Iterable[object], kind: str = "pandas") -> Any:
    """Records (or plain dicts) as a pandas or polars DataFrame."""
    plain = [r if isinstance(r, dict) else to_json(r) for r in rows]
    if kind == "polars":
        try:
            import polars as pl
        except ImportError:
            raise UsageError("polars is not installed: pip install polars") from None
        return pl.DataFrame(plain)
    if kind != "pandas":
        raise UsageError(f"unknown frame kind {kind!r}; use pandas or polars")
    pd = needs("pandas", "export", "a pandas data frame")
    return pd.DataFrame(plain)


def export(
    what: str,
    to: str,
    out: str | os.PathLike[str],
    db: StoreArg = None,
    region: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    level: str | None = None,
    all_quantities: bool = False,
) -> int:
    """Write reports, facts, attainment or series to a file with its data dictionary;
    returns the number of rows.  ``all_quantities``: facts that are not of a headline
    indicator too."""
    with _store(db) as store:
        records: list[Any]
        if what == "reports":
            records = reports(store, region, level, year)
        elif what == "facts":
            records = facts(store, region, year, indicator, level, all_quantities=all_quantities)
        elif what == "attainment":
            records = attainment(store, region, year, indicator, level)
        elif what == "series":
            records = _series_rows(store, indicator, region)
        else:
            raise UsageError(f"unknown table {what!r}; choose reports, facts, attainment or series")
        write_table([to_json(r) for r in records], what, to, out)
        return len(records)


def _series_rows(store: Database, indicator: str | None, region: str | None) -> list[SeriesPoint]:
    """One indicator in one region, every indicator of one region, or one indicator in
    every stored region (those that can be linked)."""
    if not indicator and not region:
        raise UsageError("a series export needs --indicator, --region or both")
    _check_indicator(indicator)
    kinds = [indicator] if indicator else sorted(indicators())
    if region:
        places = [region]
    else:
        linked = [r for r in catalog.list_reports(store) if r.year is not None]
        places = sorted({r.region for r in linked if r.region})
    return [p for place in places for kind in kinds for p in series(kind, place, store)]


def rules_version() -> str:
    """The version of the rules and extracting code that facts are recorded with."""
    return _rules_version()


def keep_page(rid: int, code: str, title: str, page: bytes, db: StoreArg = None) -> bool:
    """Keep a rendered reader page (``page``: compressed; ``code``: what made it) with a
    report's latest extraction; False when the report has none."""
    with _store(db) as store:
        return catalog.save_page(store, rid, code, title, page)


def kept_page(rid: int, db: StoreArg = None) -> tuple[str, str, bytes] | None:
    """(code, title, compressed page) kept with a report's latest extraction, if any."""
    with _store(db) as store:
        return catalog.stored_page(store, rid)


def report_detail(rid: int, db: StoreArg = None) -> ReportDetail:
    """One stored report: metadata, original text, outline, sentences and facts."""
    with _store(db) as store:
        record, text = _stored(store, rid)
        sections, paragraphs, sentences = catalog.outline(store, rid)
        facts = tuple(catalog.report_facts(store, rid))
        phrases = tuple(catalog.report_phrases(store, rid))
        return ReportDetail(record, text, sections, paragraphs, sentences, facts, phrases)


def search_form(query: str) -> str:
    """A query as the index holds text: the reader's normalisation (full-width forms
    folded, traditional characters simplified), so 增长5%左右， and ７％ find what they say."""
    return str(convert_t2s(to_halfwidth(query.strip()[:100])))


def search(query: str, db: StoreArg = None, limit: int = 50) -> list[SearchHit]:
    """Sentences of all reports that contain ``query``."""
    query = query.strip()
    if not query:
        raise UsageError("empty search")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in query):
        raise UsageError("a search may not contain control characters")
    query = search_form(query)
    with _store(db) as store:
        return catalog.search_sentences(store, query, max(1, min(limit, 200)))


def max_upload() -> int:
    """The largest file a reader accepts (env GWRKIT_MAX_BYTES, default 50 MiB)."""
    return max_bytes_setting()


def store_upload(
    data: bytes, name: str, data_dir: str | os.PathLike[str], db: StoreArg = None
) -> int:
    """Store an uploaded report: read it as the CLI would (same readers and limits), keep
    a copy under ``data_dir`` with a name of its own, then ingest it; its report id."""
    suffix = Path(name).suffix.lower()
    if suffix not in READERS:
        raise UsageError(f"{name}: unknown file type {suffix or '(none)'!r}")
    if len(data) > max_bytes_setting():
        raise UsageError(f"{name}: file is over the limit of {max_bytes_setting()} bytes")
    doc = _parse_bytes(data, name)  # raises IngestError naming the file
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{doc.sha256}{suffix}"  # never a name from the request
    target.write_bytes(data)
    with _store(db, create=True) as store:
        current = kept_current(store)
        new = catalog.report_id(store, doc.sha256) is None
        rid, written = catalog.save_report(store, record_of(doc, Path(name).name[:200]))
        if written:
            _complete_report(store, rid, current, new)
        return rid


def reextract(rid: int, db: StoreArg = None) -> bool:
    """Extract a stored report again with the current rules; False if already done."""
    with _store(db) as store:
        stored, text = _stored(store, rid)
        record = replace(record_of(_document_of(stored, text)), report=stored)
        current = kept_current(store)
        _rid, written = catalog.save_report(store, record)
        if written:
            _complete_report(store, rid, current, False)
        return written
