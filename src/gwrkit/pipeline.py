"""The pipeline: read → structure → extract, one report at a time, and ingest at scale
(files, folders and globs on all cores, each report stored in its own transaction,
failures recorded and the batch going on).

Ingest stores each report's text, structure and facts first; then it completes the
collection (:func:`complete`): the new reports' sentences go into the search index, a
batch at a time, and their reader pages are made on all cores.  A run that is
interrupted (Ctrl-C, a kill, a crash) leaves only whole reports behind; running it again
skips what is stored (same content, same rules version), finishes the rest and completes
what was not completed.
"""

from __future__ import annotations

import glob
import hashlib
import itertools
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from gwrkit.core.errors import GwrkitError
from gwrkit.core.rules import package_files, rules_version, version_of
from gwrkit.core.schema import Attainment, Document, Fact, Report
from gwrkit.extract.document import extract_document
from gwrkit.extract.phrases import find_phrases
from gwrkit.ingest.readers import READERS, read_bytes, read_file
from gwrkit.link.attainment import link_targets
from gwrkit.store.catalog import (
    PHRASE_COUNT_CODE,
    add_phrase_counts,
    analyse,
    index_for_search,
    is_extracted,
    kept_stamp,
    latest_extraction,
    place,
    record_failure,
    refresh_statistics,
    region_codes,
    region_facts,
    report_id,
    reports_without_page,
    rows_of,
    save_attainment,
    save_page,
    save_phrase_counts,
    save_place_links,
    save_report,
    search_pending,
    search_pending_count,
)
from gwrkit.store.database import Database, open_database
from gwrkit.store.records import ReportRecord, ReportRows
from gwrkit.structure.build import build_document

Overrides = dict[str, str | int]
T = TypeVar("T")


def stored_overrides(year: int | None, region: str | None) -> Overrides | None:
    """The year and region a stored report is kept under, as overrides for reading it
    again: the user may have set them (ingest --set), and the text alone may not say them."""
    given: Overrides = {k: v for k, v in (("year", year), ("region", region)) if v is not None}
    return given or None


def parse(
    path: str | os.PathLike[str], overrides: Overrides | None = None, max_bytes: int | None = None
) -> Document:
    """Read and structure one report file."""
    return build_document(read_file(path, max_bytes), overrides)


def parse_bytes(data: bytes, name: str, overrides: Overrides | None = None) -> Document:
    """Read and structure a report given as bytes; ``name``'s suffix picks the reader."""
    return build_document(read_bytes(data, name), overrides)


def extract(doc: Document, all_quantities: bool = False) -> list[Fact]:
    """The facts of a structured report, with the rules version and the report's
    metadata on each."""
    md = doc.metadata
    stamp: dict[str, Any] = {
        "rules_version": rules_version(),
        "report_name": Path(doc.path).name,
        "report_region": md.value("region"),
        "report_level": md.value("level"),
        "report_admin_code": md.value("admin_code"),
        "report_year": md.value("year"),
    }
    return extract_document(doc, all_quantities, stamp)


def report_of(doc: Document, name: str | None = None) -> Report:
    """The stored record of a structured report."""
    md = doc.metadata
    return Report(
        sha256=doc.sha256,
        path=doc.path,
        name=name or Path(doc.path).name,
        format=doc.format,
        encoding=doc.encoding,
        region=md.value("region"),
        level=md.value("level"),
        admin_code=md.value("admin_code"),
        year=md.value("year"),
        date=md.value("date"),
        speaker=md.value("speaker"),
        speaker_title=md.value("speaker_title"),
        congress=md.value("congress"),
        session=md.value("session"),
        chars=len(doc.original),
    )


def record_of(doc: Document, name: str | None = None) -> ReportRecord:
    """A structured report with all its quantities, ready to store under these rules."""
    return ReportRecord(
        report=report_of(doc, name),
        original=doc.original,
        sections=doc.sections,
        paragraphs=doc.paragraphs,
        sentences=doc.sentences,
        facts=tuple(extract_document(doc, all_quantities=True)),
        rules_version=rules_version(),
        phrases=tuple(find_phrases(doc, mentions=True)),
    )


# what makes a stored report's reader page to keep: (code, title, compressed page); a
# function of a module (gwrkit.serve.page_store.make_page), so that workers can run it
PageMaker = Callable[[Database, int], tuple[str, str, bytes]]


@dataclass
class IngestSummary:
    files: int = 0
    added: int = 0  # new reports
    reextracted: int = 0  # stored reports given facts of a new rules version
    unchanged: int = 0  # already stored under this rules version
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0  # all of it: storing, linking and completing
    interrupted: bool = False
    completion: Completion | None = None  # the search index and pages made after


@dataclass
class Completion:
    indexed: int = 0  # reports added to the search index
    pages: int = 0  # reader pages made
    page_failures: list[tuple[int, str]] = field(default_factory=list)  # (report id, why)
    seconds: float = 0.0
    relinked: bool = False  # the targets linked to their outcomes again (gwrkit index)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files as given, report files under folders (recursively), and glob matches."""
    out: list[str] = []
    for raw in paths:
        name = os.fspath(raw)
        p = Path(name)
        if p.is_dir():
            out.extend(
                str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in READERS
            )
        elif not p.exists() and glob.has_magic(name):
            out.extend(sorted(glob.glob(name, recursive=True)))
        else:
            out.append(name)
    seen: set[str] = set()
    return [f for f in out if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def read_and_extract(path: str, overrides: Overrides | None = None) -> ReportRows | tuple[str, str]:
    """Worker: the report's rows to store, or (path, reason) when it cannot be read."""
    try:
        return rows_of(record_of(parse(path, overrides)))
    except GwrkitError as exc:
        return path, str(exc)
    except Exception as exc:  # a bug must not stop the batch; it is recorded with the file
        return path, f"{path}: internal error while reading: {type(exc).__name__}: {exc}"


def ingest_paths(
    db: Database,
    paths: Iterable[str | os.PathLike[str]],
    workers: int | None = None,
    on_file: Callable[[str], None] | None = None,
    overrides: Overrides | None = None,
    pages: PageMaker | None = None,
    on_completed: Callable[[int, int], None] | None = None,
    completing: bool = True,
) -> IngestSummary:
    """Read, extract and store every report under ``paths``, then complete the
    collection (``completing``; see :func:`complete`, ``on_completed`` its progress);
    see the module docstring.  ``overrides`` set metadata fields of every report read
    (year, region …); a stored report then takes them and is extracted again."""
    start = time.perf_counter()
    summary = IngestSummary()
    version = rules_version()
    linked, counted = kept_current(db)  # up to date before
    added: set[str] = set()  # the places of the reports added
    added_ids: list[int] = []
    files = expand_paths(paths)
    summary.files = len(files)
    todo = []
    given: list[Overrides | None] = []  # a stored report keeps the year and region it has
    for f in files:
        digest = _digest(f)
        if digest is not None and not overrides and is_extracted(db, digest, version):
            summary.unchanged += 1
            if on_file:
                on_file(f)
        else:
            todo.append(f)
            kept = place(db, digest) if digest is not None and not overrides else None
            given.append(overrides or (stored_overrides(*kept) if kept else None))
    try:
        for result in _results(todo, workers, given):
            if isinstance(result, tuple):
                path, reason = result
                record_failure(db, path, reason, version)
                summary.failed += 1
                summary.failures.append((path, reason))
            else:
                existed = report_id(db, result.report.sha256) is not None
                rid, written = save_report(db, result, corrected=bool(overrides))
                if not written:
                    summary.unchanged += 1
                elif existed:
                    summary.reextracted += 1
                else:
                    summary.added += 1
                    added_ids.append(rid)
                    if place_key := result.report.admin_code or result.report.region:
                        added.add(place_key)
                path = result.report.path
            if on_file:
                on_file(path)
    except KeyboardInterrupt:
        summary.interrupted = True
    changed = summary.added + summary.reextracted
    # the planner's statistics first (PostgreSQL): linking reads each region's facts
    analysed = refresh_statistics(db, changed) if changed else False
    # what is kept of the whole collection, made again where this run changed it or it
    # was out of date before (a run killed before linking, an upgrade)
    if changed or not linked:
        alone = linked and not summary.reextracted and len(added) <= PLACES_LINKED_ALONE
        store_attainment(db, added if alone else None)
    if changed or not counted:
        few = counted and not summary.reextracted and len(added_ids) <= REPORTS_COUNTED_ALONE
        store_phrase_counts(db, added_ids if few else None)
    if analysed:
        analyse(db, ("attainment", "phrase_counts"))
    if completing and not summary.interrupted:
        try:
            summary.completion = complete(db, pages, workers, on_completed)
        except KeyboardInterrupt:
            summary.interrupted = True
    summary.seconds = time.perf_counter() - start
    return summary


SEARCH_BATCH = 50  # reports indexed for search in one transaction


def complete(
    db: Database,
    pages: PageMaker | None,
    workers: int | None = None,
    on_step: Callable[[int, int], None] | None = None,
    stale: str | None = None,
) -> Completion:
    """What ingest makes after storing: the sentences of reports not yet in the search
    index go into it, a batch at a time in the order of its keys (SQLite), and the
    latest extraction of each report without a reader page gets one (``pages``; with
    ``stale``, also those whose page another code made), made on all cores and kept by
    this process.  ``on_step(done, total)`` follows it.  Each batch and page is kept in
    its own transaction: an interrupted run leaves the rest for the next.  This process
    indexes a batch while the workers make the next pages (at 1,000 reports, 25 s one
    after the other)."""
    start = time.perf_counter()
    done = Completion()
    without = reports_without_page(db, stale) if pages is not None else []
    total = search_pending_count(db) + len(without)

    def step() -> None:
        if on_step:
            on_step(done.indexed + done.pages + len(done.page_failures), total)

    def index_a_batch() -> bool:
        rids = search_pending(db, SEARCH_BATCH)
        index_for_search(db, rids)
        done.indexed += len(rids)
        step()
        return bool(rids)

    if pages is not None and without:
        for i, (rid, made) in enumerate(_made_pages(db, pages, without, workers)):
            if isinstance(made, str):
                done.page_failures.append((rid, made))
            elif save_page(db, rid, *made):
                done.pages += 1
            step()
            if i % SEARCH_BATCH == 0:
                index_a_batch()
    while index_a_batch():
        pass
    done.seconds = time.perf_counter() - start
    return done


def _made_pages(
    db: Database, pages: PageMaker, rids: list[int], workers: int | None
) -> Iterator[tuple[int, tuple[str, str, bytes] | str]]:
    """Each report's page, or why it could not be made; in workers when there are many
    (a worker takes a second to start) and the database is a file or a server."""
    n = min(workers or os.cpu_count() or 1, len(rids) // PAGES_PER_WORKER)
    if n <= 1 or db.url == ":memory:":
        for rid in rids:
            yield _page(db, pages, rid)
        return
    jobs = [(pages, db.url, rid) for rid in rids]
    yield from _in_pool(_page_in_worker, jobs, n, ahead=2 * SEARCH_BATCH)


PAGES_PER_WORKER = 50  # fewer pages than this a worker are made here
_WORKER_STORES: dict[str, Database] = {}  # a worker's connection to each database


def _page(db: Database, pages: PageMaker, rid: int) -> tuple[int, tuple[str, str, bytes] | str]:
    try:
        return rid, pages(db, rid)
    except Exception as exc:  # the reader renders such a page when asked; noted, not fatal
        return rid, f"{type(exc).__name__}: {exc}"


def _page_in_worker(
    pages: PageMaker, url: str, rid: int
) -> tuple[int, tuple[str, str, bytes] | str]:
    store = _WORKER_STORES.get(url)
    if store is None:
        try:
            store = _WORKER_STORES[url] = open_database(url, create=False)
        except GwrkitError as exc:  # locked for longer than its timeout, say
            return rid, str(exc)
    return _page(store, pages, rid)


# what linking reads besides the stored facts: its code, and the indicators and units
# (tolerances, dimensions) with the code that reads them
_LINKED_WITH = (
    ("gwrkit.rules", "indicators.yaml"),
    ("gwrkit.rules", "units.yaml"),
    ("gwrkit.core", "indicators.py"),
    ("gwrkit.core", "units.py"),
)


@cache
def _link_version() -> str:
    """A hash of what links are made with: stored links made otherwise are not used."""
    files = [(f"{p}/{n}", (resources.files(p) / n).read_bytes()) for p, n in _LINKED_WITH]
    return version_of("link", [*package_files("gwrkit.link"), *files])


def attainment_stamp(db: Database) -> str:
    """What stored links are made from: the newest extraction and what links are made
    with; a link stored under another stamp is out of date.  A change of the extracting
    rules alone leaves them in use: they link the facts stored, which stay until the
    reports are extracted again (which makes a new newest extraction)."""
    return f"{latest_extraction(db)}/{_link_version()}"


def kept_current(db: Database) -> tuple[bool, bool]:
    """Whether the links kept, and the counts of formulations kept, are those of the
    collection as it is stored."""
    return (
        kept_stamp(db, "attainment") == attainment_stamp(db),
        kept_stamp(db, "phrase_counts") == phrase_counts_stamp(db),
    )


# a load that adds reports of more places than this to a collection linked before links
# the whole collection again, not place by place (each place moves the blocks after it)
PLACES_LINKED_ALONE = 8


def store_attainment(db: Database, places: Iterable[str] | None = None) -> None:
    """Link every target of the collection to its outcome (default tolerances) and store
    the links, so that reading them is a query (api.attainment).  A place (a division
    code, else a region's name) at a time: links never cross places, and the links of all
    places in their order are those of the whole collection at once, without holding
    every fact of it in memory.  ``places``: link only these again (the others' links,
    stored from the facts they still have, stay); each place's links keep a block of
    positions of their own."""
    known: dict[str, tuple[str | None, str]] = {}
    for name, code in region_codes(db):
        known.setdefault(code or name, (code, name))
    stamp = attainment_stamp(db)

    def links(key: str) -> list[Attainment]:
        return link_targets(region_facts(db, *known[key])) if key in known else []

    if places is None:  # link_targets' own order: by place, then year
        save_attainment(db, ((key, a) for key in sorted(known) for a in links(key)), stamp)
    else:
        save_place_links(db, ((key, links(key)) for key in sorted(set(places))), stamp)


def phrase_counts_stamp(db: Database) -> str:
    """What kept counts of formulations are counted from: the newest extraction and the
    query that counts them; counts kept under another stamp are out of date."""
    return f"{latest_extraction(db)}/{PHRASE_COUNT_CODE}"


# a load that adds more reports than this to a collection counted before counts the
# formulations of the whole collection again, not report by report
REPORTS_COUNTED_ALONE = 50


def store_phrase_counts(db: Database, added: list[int] | None = None) -> None:
    """Count the formulations of the collection and keep the counts (api.phrase_counts
    reads them: counting them reads every use of the collection).  ``added``: reports
    stored since the counts kept were counted, whose uses are added to them (0.9 s to
    count 8,000 reports' again)."""
    if added is None:
        save_phrase_counts(db, phrase_counts_stamp(db))
    else:
        add_phrase_counts(db, added, phrase_counts_stamp(db))


def _results(
    files: list[str], workers: int | None, overrides: list[Overrides | None]
) -> Iterator[ReportRows | tuple[str, str]]:
    """Each file's record (or failure), read with its own ``overrides``."""
    n = workers or os.cpu_count() or 1
    if n <= 1 or len(files) <= 1:
        for f, given in zip(files, overrides, strict=True):
            yield read_and_extract(f, given)
        return
    jobs = list(zip(files, overrides, strict=True))
    yield from _in_pool(read_and_extract, jobs, min(n, len(files)))


def _in_pool(
    job: Callable[..., T], args: list[tuple[Any, ...]], workers: int, ahead: int | None = None
) -> Iterator[T]:
    """``job(*a)`` for each ``a`` of ``args`` in ``workers`` processes, in order, with
    ``ahead`` jobs (2 a worker) given out before their results are taken."""
    # spawn, not fork: workers must not inherit the parent's database connection
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # a few jobs ahead of the writer, not all of them: results made before the
        # writer takes them stay in memory (pool.map submits every job at once, and
        # the main process grew by 0.4 MB a report)
        given: deque[Future[T]] = deque()
        jobs = iter(args)
        try:
            for a in itertools.islice(jobs, ahead or 2 * workers):
                given.append(pool.submit(job, *a))
            while given:
                result = given.popleft().result()
                for a in itertools.islice(jobs, 1):
                    given.append(pool.submit(job, *a))
                yield result
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
