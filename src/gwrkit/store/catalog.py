"""Writing reports and facts, and reading them back as schema records: the SQL of the
collection.  Column lists come from :mod:`gwrkit.core.schema` (``columns``), so a table
and its record cannot drift apart."""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import operator
from collections.abc import Callable, Iterable
from typing import Any

from gwrkit.core.errors import UsageError
from gwrkit.core.schema import (
    Attainment,
    Fact,
    Failure,
    Paragraph,
    Phrase,
    PhraseUse,
    Report,
    SearchHit,
    Section,
    Sentence,
    TaskEdit,
    columns,
    exchanged,
    from_row,
    json_text,
    records_from_tuples,
)
from gwrkit.store.database import LEVEL_RANK, MAX_SENTENCE, SEARCH_KEY_SQL, Database, now
from gwrkit.store.records import ReportRecord, ReportRows, Row


def q(name: str) -> str:
    """A column name quoted (``index`` and ``end`` are SQL words)."""
    return f'"{name}"'


def _cols(names: tuple[str, ...], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + q(n) for n in names)


# the columns written for each record (ids and timestamps come from the database)
REPORT_COLUMNS = tuple(c for c in columns(Report) if c not in ("id", "ingested_at"))
FACT_COLUMNS = tuple(c for c in columns(Fact) if c not in ("id", "report_id"))
_HEADLINE, _STATUS = FACT_COLUMNS.index("headline"), FACT_COLUMNS.index("status")
SECTION_COLUMNS = columns(Section)
PARAGRAPH_COLUMNS = columns(Paragraph)
SENTENCE_COLUMNS = columns(Sentence)
PHRASE_COLUMNS = columns(Phrase)
ATTAINMENT_COLUMNS = columns(Attainment)

# metadata a user may set on a stored report (gwrkit ingest --set year=2025)
METADATA_COLUMNS = (
    "region", "level", "admin_code", "year", "date", "speaker", "speaker_title", "congress",
    "session",
)  # fmt: skip

# the latest extraction of each report
LATEST = "SELECT MAX(id) AS id FROM extractions GROUP BY report_id"
# the latest extraction of one report (the parameter): one index lookup, where
# ``IN (LATEST)`` would read every report's latest facts to keep one report's
LATEST_OF = "SELECT MAX(id) FROM extractions WHERE report_id = ?"


def report_id(db: Database, sha256: str) -> int | None:
    rows = db.rows("SELECT id FROM reports WHERE sha256 = ?", (sha256,))
    return int(rows[0]["id"]) if rows else None


def place(db: Database, sha256: str) -> tuple[int | None, str | None] | None:
    """The year and region a stored report is kept under; None if it is not stored."""
    rows = db.rows("SELECT year, region FROM reports WHERE sha256 = ?", (sha256,))
    if not rows:
        return None
    year = rows[0]["year"]
    return (None if year is None else int(year)), rows[0]["region"]


def is_extracted(db: Database, sha256: str, rules_version: str) -> bool:
    """Is this report stored with facts of this rules version?"""
    rows = db.rows(
        "SELECT 1 AS x FROM extractions e JOIN reports r ON r.id = e.report_id"
        " WHERE r.sha256 = ? AND e.rules_version = ?",
        (sha256, rules_version),
    )
    return bool(rows)


def _values(record: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    """A record's fields as stored (booleans as 0 and 1)."""
    return tuple(int(v) if v is True or v is False else v for v in _getter(names)(record))


@functools.cache
def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else lambda record: (get(record),)


def rows_of(rec: ReportRecord) -> ReportRows:
    """A record as the rows the store writes (made where the record was made)."""
    return ReportRows(
        report=rec.report,
        original=rec.original,
        sections=[_values(r, SECTION_COLUMNS) for r in rec.sections],
        paragraphs=[_values(r, PARAGRAPH_COLUMNS) for r in rec.paragraphs],
        sentences=[_values(r, SENTENCE_COLUMNS) for r in rec.sentences],
        facts=[_values(f, FACT_COLUMNS) for f in rec.facts],
        phrases=[_phrase_values(p) for p in rec.phrases],
        rules_version=rec.rules_version,
    )


def save_report(
    db: Database, record: ReportRecord | ReportRows, corrected: bool = False
) -> tuple[int, bool]:
    """Write a report and its facts in one transaction; (report id, whether anything was
    written).  The same content under the same rules version changes nothing; a new rules
    version adds its facts beside the old ones.  ``corrected``: the record's metadata was
    set by the user, so a stored report takes it and its facts of these rules are
    replaced (their periods follow the year)."""
    rec = record if isinstance(record, ReportRows) else rows_of(record)
    with db.transaction():
        rid = report_id(db, rec.report.sha256)
        if rid is None:
            rid = _insert_report(db, rec)
        elif corrected:
            before = db.rows("SELECT year, level FROM reports WHERE id = ?", (rid,))[0]
            _unindex(db, rid, before["year"], before["level"])
            sets = ", ".join(f"{q(c)} = ?" for c in METADATA_COLUMNS)
            values = _values(rec.report, METADATA_COLUMNS)
            db.execute(f"UPDATE reports SET {sets} WHERE id = ?", (*values, rid))
            old = "SELECT id FROM extractions WHERE report_id = ? AND rules_version = ?"
            db.execute(
                f"DELETE FROM facts WHERE extraction_id IN ({old})", (rid, rec.rules_version)
            )
            db.execute(
                f"DELETE FROM phrases WHERE extraction_id IN ({old})", (rid, rec.rules_version)
            )
            db.execute(
                "DELETE FROM extractions WHERE report_id = ? AND rules_version = ?",
                (rid, rec.rules_version),
            )
        elif is_extracted(db, rec.report.sha256, rec.rules_version):
            return rid, False
        headline = [f for f in rec.facts if f[_HEADLINE]]
        targets = sum(1 for f in headline if f[_STATUS] == "target")
        eid = db.insert_id(
            "INSERT INTO extractions (report_id, rules_version, extracted_at, fact_count,"
            " headline_facts, headline_targets) VALUES (?, ?, ?, ?, ?, ?)",
            (rid, rec.rules_version, now(), len(rec.facts), len(headline), targets),
        )
        cols = ", ".join(("extraction_id", "report_id", _cols(FACT_COLUMNS)))
        db.insert_rows("facts", cols, [(eid, rid, *f) for f in rec.facts])
        cols = ", ".join(("extraction_id", "report_id", _cols(PHRASE_COLUMNS)))
        db.insert_rows("phrases", cols, [(eid, rid, *p) for p in rec.phrases])
        db.execute("DELETE FROM failures WHERE path = ?", (rec.report.path,))
    return rid, True


def _phrase_values(p: Phrase) -> tuple[Any, ...]:
    values = dict(zip(PHRASE_COLUMNS, _values(p, PHRASE_COLUMNS), strict=True))
    items = list(p.expansion) if p.expansion else None
    values["expansion"] = json.dumps(items, ensure_ascii=False) if items else None
    return tuple(values.values())


def _insert_many(
    db: Database, table: str, names: tuple[str, ...], rid: int, rows: list[Row]
) -> None:
    db.insert_rows(table, f"report_id, {_cols(names)}", [(rid, *r) for r in rows])


def _insert_report(db: Database, rec: ReportRows) -> int:
    cols = ", ".join((_cols(REPORT_COLUMNS), "original", "ingested_at"))
    marks = ", ".join("?" * (len(REPORT_COLUMNS) + 2))
    values = [*_values(rec.report, REPORT_COLUMNS), rec.original, now()]
    rid = db.insert_id(f"INSERT INTO reports ({cols}) VALUES ({marks})", values)
    _insert_many(db, "sections", SECTION_COLUMNS, rid, rec.sections)
    _insert_many(db, "paragraphs", PARAGRAPH_COLUMNS, rid, rec.paragraphs)
    _insert_many(db, "sentences", SENTENCE_COLUMNS, rid, rec.sentences)
    if db.dialect == "sqlite":
        db.execute("INSERT INTO search_pending (report_id) VALUES (?)", (rid,))
    return rid


def search_pending_count(db: Database) -> int:
    """How many stored reports wait for the search index."""
    return int(db.rows("SELECT COUNT(*) AS n FROM search_pending")[0]["n"])


def search_pending(db: Database, limit: int) -> list[int]:
    """Stored reports whose sentences are not yet in the search index (SQLite)."""
    rows = db.rows("SELECT report_id FROM search_pending ORDER BY report_id LIMIT ?", (limit,))
    return [int(r["report_id"]) for r in rows]


def index_for_search(db: Database, rids: list[int]) -> None:
    """Add the sentences of these reports, where pending, to the search index, in one
    transaction (a report not pending is in it already).  In the order of their keys:
    FTS5 writes its pending terms out whenever a rowid is not above the last one, and the
    text's order (keys descending) made a segment of each sentence (32 ms a report with
    their merging, against 14 ms in order)."""
    if not rids or db.dialect != "sqlite":
        return
    marks = ", ".join("?" * len(rids))
    with db.transaction():
        db.execute(
            "INSERT INTO sentences_fts (rowid, text, report_id, idx)"
            f' SELECT {SEARCH_KEY_SQL} AS k, s.text, s.report_id, s."index"'
            f" FROM sentences s JOIN reports r ON r.id = s.report_id"
            f" WHERE s.report_id IN (SELECT report_id FROM search_pending"
            f" WHERE report_id IN ({marks})) ORDER BY k",
            rids,
        )
        db.execute(f"DELETE FROM search_pending WHERE report_id IN ({marks})", rids)


def _unindex(db: Database, rid: int, year: int | None, level: str | None) -> None:
    """Take a report's sentences out of the search index (their keys hold its year and
    level, so a report whose metadata changes is indexed again) and mark it pending."""
    if db.dialect != "sqlite":
        return
    low, high = search_key(year, level, rid, MAX_SENTENCE), search_key(year, level, rid, 0)
    db.execute("DELETE FROM sentences_fts WHERE rowid BETWEEN ? AND ?", (low, high))
    db.execute("INSERT OR IGNORE INTO search_pending (report_id) VALUES (?)", (rid,))


def search_key(year: int | None, level: str | None, rid: int, sentence: int) -> int:
    """The search index's rowid of a sentence: the order search shows it in (as
    database.SEARCH_KEY_SQL computes it)."""
    rank = LEVEL_RANK.get(level, 0)
    return (
        (year or 0) << 51
        | (7 - rank) << 48
        | rid << 20
        | (MAX_SENTENCE - min(sentence, MAX_SENTENCE))
    )


def record_failure(db: Database, path: str, reason: str, rules_version: str) -> None:
    with db.transaction():
        db.execute("DELETE FROM failures WHERE path = ?", (path,))
        db.execute(
            "INSERT INTO failures (path, reason, rules_version, failed_at) VALUES (?, ?, ?, ?)",
            (path, reason, rules_version, now()),
        )


def failures(db: Database) -> list[Failure]:
    rows = db.rows("SELECT path, reason, rules_version, failed_at FROM failures ORDER BY path")
    return [from_row(Failure, r) for r in rows]


def _where(filters: dict[str, Any], alias: str) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            parts.append(f"{alias}.{q(key)} IN ({', '.join('?' * len(value))})")
            params.extend(value)
        else:
            parts.append(f"{alias}.{q(key)} = ?")
            params.append(value)
    return (" AND ".join(parts) or "1 = 1"), params


def list_reports(db: Database, **filters: Any) -> list[Report]:
    """Reports (without their text) with counts of facts and targets of the latest
    extraction; filters: region, level, year, admin_code, id."""
    where, params = _where(filters, "r")
    rows = db.rows(
        f"SELECT r.id, {_cols(REPORT_COLUMNS, 'r')}, r.ingested_at, e.rules_version,"
        f" {_COUNTS['facts']} AS facts, {_COUNTS['targets']} AS targets"
        f" FROM reports r LEFT JOIN extractions e ON e.report_id = r.id AND e.id = ({_LATEST_R})"
        f" WHERE {where} ORDER BY r.level, r.region, r.year, r.id",
        params,
    )
    return [from_row(Report, r) for r in rows]


def reports_without_place_or_year(db: Database) -> list[tuple[int, str, str, int | None, str]]:
    """(id, name, path, year, region or code) of the stored reports with no year or no
    region (no code and no name), in the listing's order: those linking leaves out."""
    rows = db.execute(
        "SELECT id, name, path, year, COALESCE(NULLIF(admin_code, ''), region, '') FROM reports"
        " WHERE year IS NULL OR (COALESCE(admin_code, '') = '' AND COALESCE(region, '') = '')"
        " ORDER BY level, region, year, id"
    ).fetchall()
    return [(int(i), str(n), str(p), y, str(place)) for i, n, p, y, place in rows]


# fields of a report made by its latest extraction (e): its headline facts and targets,
# counted when it was stored, and its rules
_COUNTS = {
    "facts": "COALESCE(e.headline_facts, 0)",
    "targets": "COALESCE(e.headline_targets, 0)",
    "rules_version": "e.rules_version",
}
_LATEST_R = "SELECT MAX(x.id) FROM extractions x WHERE x.report_id = r.id"


def list_reports_page(
    db: Database, sort: str | None, limit: int, offset: int, **filters: Any
) -> tuple[list[Report], int]:
    """One page of :func:`list_reports` and the number of reports the filters keep.  The
    page is chosen from the reports' own columns (sorted, empty cells last, then in the
    listing's order); a sort by a count (``facts``, ``targets``) or the rules reads them
    from each report's latest extraction, where they were counted when it was stored."""
    key = (sort or "").lstrip("-")
    where, params = _where(filters, "r")
    total = int(db.rows(f"SELECT COUNT(*) AS n FROM reports r WHERE {where}", params)[0]["n"])
    if key in _COUNTS:
        way = "DESC" if (sort or "").startswith("-") else "ASC"
        source = f"reports r LEFT JOIN extractions e ON e.report_id = r.id AND e.id = ({_LATEST_R})"
        order = f"{_COUNTS[key]} {way} NULLS LAST, r.level, r.region, r.year"
    else:
        own = (*REPORT_COLUMNS, "id", "ingested_at")  # a count is not a column of reports
        source = "reports r"
        order = _order_by("r", sort, own, "r.level, r.region, r.year")
    page = db.rows(
        f"SELECT r.id FROM {source} WHERE {where} ORDER BY {order}, r.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    ids = [int(r["id"]) for r in page]
    if not ids:
        return [], total
    by_id = {r.id: r for r in list_reports(db, id=ids)}
    return [by_id[i] for i in ids], total


def report(db: Database, rid: int) -> tuple[Report, str] | None:
    """A stored report's record and its original text."""
    rows = db.rows(
        f"SELECT id, {_cols(REPORT_COLUMNS)}, ingested_at, original FROM reports WHERE id = ?",
        (rid,),
    )
    if not rows:
        return None
    return from_row(Report, rows[0]), str(rows[0]["original"])


def outline(
    db: Database, rid: int
) -> tuple[tuple[Section, ...], tuple[Paragraph, ...], tuple[Sentence, ...]]:
    """A stored report's sections, paragraphs and sentences (records made from the rows
    as they are: 1.5 → 0.5 ms for a report of 400 sentences)."""
    out = []
    tables: tuple[tuple[str, type[Any]], ...] = (
        ("sections", Section),
        ("paragraphs", Paragraph),
        ("sentences", Sentence),
    )
    for table, record in tables:
        cur = db.execute(
            f'SELECT {_cols(columns(record))} FROM {table} WHERE report_id = ? ORDER BY "index"',
            (rid,),
        )
        out.append(tuple(records_from_tuples(record, cur.fetchall(), stored=True)))
    return out[0], out[1], out[2]


# every exchanged field of a fact, in the record's order: its own columns, the rules
# version of its extraction and its report's fields
_JOINED = {
    "rules_version": "e.rules_version",
    "report_name": "r.name",
    "report_region": "r.region",
    "report_level": "r.level",
    "report_admin_code": "r.admin_code",
    "report_year": "r.year",
}
_FACT_SELECT = (
    "SELECT "
    + ", ".join(_JOINED.get(n, f"f.{q(n)}") for n in exchanged(Fact))
    + " FROM facts f JOIN extractions e ON e.id = f.extraction_id"
    " JOIN reports r ON r.id = f.report_id"
)


# the order of facts read for linking: the stored links (region_facts, a region at a
# time) and the links made at once (list_facts) agree because both read in it
_FACT_ORDER = ' ORDER BY r.level, r.region, r.year, f."start", f.id'


def _facts_of(db: Database, statement: str, params: Any) -> list[Fact]:
    """Facts straight from the rows (positional, in the record's field order): the
    collection's largest reads make one record per row and nothing else."""
    cur = db.execute(statement, params)
    return [Fact(*row) for row in cur.fetchall()]


def list_facts(
    db: Database, headline_only: bool = True, rules_version: str | None = None, **filters: Any
) -> list[Fact]:
    """Facts with their report's fields; the latest extraction of each report unless a
    rules version is asked for.  Filters on fact columns (indicator, status, measure …)
    and on report columns with the prefix ``report_`` (report_region, report_year …)."""
    fact_filters = {k: v for k, v in filters.items() if not k.startswith("report_")}
    report_filters = {k[7:]: v for k, v in filters.items() if k.startswith("report_")}
    fw, fp = _where(fact_filters, "f")
    rw, rp = _where(report_filters, "r")
    head = "f.headline = 1" if headline_only else "1 = 1"
    if rules_version is None and any(report_filters.get(k) for k in ("admin_code", "region")):
        # a region's facts cost what the region holds: the latest extractions of its
        # reports (by the index of regions), then their facts by extraction, indicator and
        # status (migration 20); with every latest extraction, the planner read every fact
        # of the indicator in the collection to keep one region's (23 → 2.5 ms, 8,000 reports)
        latest = (
            "SELECT MAX(x.id) FROM extractions x WHERE x.report_id IN"
            f" (SELECT r.id FROM reports r WHERE {rw}) GROUP BY x.report_id"
        )
        return _facts_of(
            db,
            f"{_FACT_SELECT} WHERE f.extraction_id IN ({latest}) AND {head} AND {fw}" + _FACT_ORDER,
            [*rp, *fp],
        )
    if rules_version is None:
        version = f"f.extraction_id IN ({LATEST})"
        vparams: list[Any] = []
    else:
        version = "e.rules_version = ?"
        vparams = [rules_version]
    return _facts_of(
        db,
        f"{_FACT_SELECT} WHERE {version} AND {head} AND {fw} AND {rw}" + _FACT_ORDER,
        [*vparams, *fp, *rp],
    )


def region_facts(db: Database, admin_code: str | None, region: str | None) -> list[Fact]:
    """The headline facts of the latest extraction of each report of one region (by its
    division code, or by its name where it has none), in list_facts' order.  Found from
    the region's reports, each report's latest extraction and its facts, by index: a
    region's facts cost what the region holds, not what the collection does."""
    where, param = ("r.admin_code = ?", admin_code) if admin_code else ("r.region = ?", region)
    return _facts_of(
        db,
        f"{_FACT_SELECT} WHERE {where} AND f.headline = 1"
        " AND e.id = (SELECT MAX(x.id) FROM extractions x WHERE x.report_id = r.id)" + _FACT_ORDER,
        (param,),
    )


def counts(db: Database) -> dict[str, int]:
    out = {}
    for table in ("reports", "extractions", "facts", "sentences", "failures"):
        out[table] = int(db.rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
    return out


# the tables a load of reports fills and the queries after it read (the links, made
# again after it, are analysed after them: pipeline.ingest_paths)
LOADED_TABLES = (
    "reports", "extractions", "sections", "paragraphs", "sentences", "facts", "phrases",
    "pages",
)  # fmt: skip


def refresh_statistics(db: Database, added: int) -> bool:
    """After ``added`` reports were stored, PostgreSQL's statistics of the tables, when
    they grew by a tenth or more (autovacuum's own threshold for analysing a table, which
    a bulk load outruns, and a server may have autovacuum off).  Without them the planner
    took a report's 400 sentences for 75,000 rows and read them with parallel workers and
    JIT: 38 ms where 0.7 ms will do, and making reader pages took 84 ms a report instead
    of 24 at 20,000 reports.  Whether it analysed (SQLite keeps no statistics unless asked,
    and plans these queries by their indexes)."""
    if db.dialect != "postgresql" or added <= 0:
        return False
    stored = int(db.rows("SELECT COUNT(*) AS n FROM reports")[0]["n"])
    if added * 10 < stored:
        return False
    analyse(db, LOADED_TABLES)
    return True


def analyse(db: Database, tables: tuple[str, ...]) -> None:
    """PostgreSQL's planner statistics of ``tables``, made now."""
    db.execute(f"ANALYZE {', '.join(tables)}")


def region_report_counts(db: Database) -> list[tuple[str, str | None, int]]:
    """(region, level, reports) of each stored region and level, most reports first (then
    by level and region, the listing's order): counted in the database, where a page
    choosing its default region listed every report (187 ms at 8,000 reports)."""
    rows = db.execute(
        "SELECT region, level, COUNT(*) AS n FROM reports WHERE region IS NOT NULL"
        " AND region <> '' GROUP BY region, level ORDER BY n DESC, level, region"
    ).fetchall()
    return [(str(region), level, int(n)) for region, level, n in rows]


def region_codes(db: Database) -> list[tuple[str, str | None]]:
    """Each stored region name with its division code (None where it has none)."""
    rows = db.rows(
        "SELECT DISTINCT region, admin_code FROM reports WHERE region IS NOT NULL ORDER BY region"
    )
    return [(str(r["region"]), r["admin_code"]) for r in rows]


def region_named(db: Database, region: str) -> tuple[str, str | None] | None:
    """The stored region whose division code or full name is ``region``, read from the
    indexes (reports_by_region, reports_by_name); None where neither is stored."""
    for column in ("admin_code", "region"):
        rows = db.rows(
            f"SELECT region, admin_code FROM reports WHERE {column} = ? AND region IS NOT NULL"
            " LIMIT 1",
            (region,),
        )
        if rows:
            return str(rows[0]["region"]), rows[0]["admin_code"]
    return None


def search_sentences(db: Database, query: str, limit: int = 50) -> list[SearchHit]:
    """Sentences containing ``query`` (any Chinese text), newest reports first."""
    fields = (
        'SELECT s.report_id, s."index" AS sentence, s.text, s."start", s."end",'
        " r.name AS report_name, r.region AS report_region, r.level AS report_level,"
        " r.year AS report_year"
    )
    joined = " FROM sentences s JOIN reports r ON r.id = s.report_id"
    order = ' ORDER BY r.year DESC, r.level, r.id DESC, s."index" LIMIT ?'
    if db.dialect == "sqlite" and len(query) >= 3:  # the trigram index needs 3 characters
        phrase = '"' + query.replace('"', '""') + '"'
        # the index's rowids are the order shown (search_key): the matches are read from
        # the highest down and reading stops at the page
        top = (
            "SELECT report_id, idx, rowid AS k FROM sentences_fts WHERE sentences_fts MATCH ?"
            " ORDER BY rowid DESC LIMIT ?"
        )
        rows = db.rows(
            fields + joined + f" JOIN ({top}) t ON t.report_id = s.report_id"
            ' AND t.idx = s."index" ORDER BY t.k DESC',
            (phrase, limit),
        )
    else:
        like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        op = "ILIKE" if db.dialect == "postgresql" else "LIKE"
        if db.dialect == "sqlite":
            # reports newest first (index reports_by_year_id), each one's sentences: the
            # scan stops at a page, where sorting every match read all 8.8 million
            # sentences of 20,000 reports for 粮食 (seconds); CROSS JOIN keeps that order
            joined = " FROM reports r CROSS JOIN sentences s ON s.report_id = r.id"
        rows = db.rows(fields + joined + f" WHERE s.text {op} ? ESCAPE '\\'" + order, (like, limit))
    return [from_row(SearchHit, r) for r in rows]


def fact_by_id(db: Database, fid: int) -> Fact | None:
    found = _facts_of(db, f"{_FACT_SELECT} WHERE f.id = ?", (fid,))
    return found[0] if found else None


def report_facts(db: Database, rid: int, headline_only: bool = False) -> list[Fact]:
    """The facts of a report's latest extraction, in text order."""
    head = " AND f.headline = 1" if headline_only else ""
    return _facts_of(
        db,
        f'{_FACT_SELECT} WHERE f.extraction_id = ({LATEST_OF}){head} ORDER BY f."start", f.id',
        (rid,),
    )


def phrase_uses(db: Database, term: str | None = None, strict: bool = True) -> list[PhraseUse]:
    """Formulations of each report's latest extraction with their report's fields; one
    term (as written or its lexicon form) or all; ``strict``: only formulations by the
    rules, not unquoted lexicon terms."""
    where = ["p.extraction_id IN (" + LATEST + ")"]
    params: list[Any] = []
    if term is not None:
        where.append("(p.term = ? OR p.canonical = ?)")
        params += [term, term]
    if strict:
        where.append("p.strict = 1")
    cur = db.execute(
        'SELECT p.term, p.kind, p.canonical, p.count, p.strict, p."start", p."end",'
        " r.id, r.name, r.region, r.level, r.admin_code, r.year, r.chars"
        " FROM phrases p JOIN reports r ON r.id = p.report_id"
        f" WHERE {' AND '.join(where)} ORDER BY r.year, r.level, r.region",
        params,
    )
    return [PhraseUse(*row) for row in cur.fetchall()]


# each formulation of the latest extractions by the number of reports using it: a row a
# term (its lexicon form, or as written), as PhraseCount's fields but the gloss
_PHRASE_COUNTS = (
    "SELECT COALESCE(p.canonical, p.term) AS term, MIN(p.kind) AS kind,"
    " COUNT(DISTINCT p.report_id) AS reports, SUM(p.count) AS uses, MIN(r.year) AS first_year,"
    " MIN(CASE WHEN r.level = 'national' THEN r.year END) AS national_year"
    " FROM phrases p JOIN reports r ON r.id = p.report_id"
    f" WHERE p.extraction_id IN ({LATEST}) AND p.strict >= ?{{only}}"
    " GROUP BY COALESCE(p.canonical, p.term)"
)
PHRASE_COUNT_CODE = hashlib.sha256(_PHRASE_COUNTS.encode()).hexdigest()[:12]


def kept_stamp(db: Database, name: str) -> str | None:
    """The stamp of what was made of the whole collection under ``name`` (``attainment``,
    ``phrase_counts``): what it was made from; None when nothing is kept."""
    rows = db.rows("SELECT stamp FROM kept_stamps WHERE name = ?", (name,))
    return str(rows[0]["stamp"]) if rows else None


def _keep_stamp(db: Database, name: str, stamp: str) -> None:
    """Note (inside the transaction that made it) what ``name`` was made from."""
    db.execute("DELETE FROM kept_stamps WHERE name = ?", (name,))
    db.execute("INSERT INTO kept_stamps (name, stamp) VALUES (?, ?)", (name, stamp))


def save_phrase_counts(db: Database, stamp: str) -> None:
    """Count the formulations of the collection (by the rules, and every mention) and keep
    the counts under ``stamp`` (what they were counted from), in place of those kept."""
    with db.transaction():
        db.execute("DELETE FROM phrase_counts")
        for mentions in (0, 1):
            db.execute(
                "INSERT INTO phrase_counts (mentions, term, kind, reports, uses, first_year,"
                f" national_year) SELECT ?, c.* FROM ({_PHRASE_COUNTS.format(only='')}) c",
                (mentions, 1 - mentions),
            )
        _keep_stamp(db, "phrase_counts", stamp)


def add_phrase_counts(db: Database, rids: list[int], stamp: str) -> None:
    """Add the formulations of the reports ``rids`` (stored since the counts kept were
    counted, none of them counted before) to those counts, and keep them under ``stamp``:
    a report's uses added to its terms' counts, as counting them all again would give."""
    marks = ", ".join("?" * len(rids))
    with db.transaction():
        for mentions in (0, 1) if rids else ():
            new = db.execute(
                _PHRASE_COUNTS.format(only=f" AND p.report_id IN ({marks})"),
                (1 - mentions, *rids),
            ).fetchall()
            for term, kind, reports, uses, first, national in new:
                kept = db.execute(
                    "SELECT kind, reports, uses, first_year, national_year FROM phrase_counts"
                    " WHERE mentions = ? AND term = ?",
                    (mentions, term),
                ).fetchone()
                if kept is None:
                    db.execute(
                        "INSERT INTO phrase_counts (mentions, term, kind, reports, uses,"
                        " first_year, national_year) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (mentions, term, kind, reports, uses, first, national),
                    )
                    continue
                db.execute(
                    "UPDATE phrase_counts SET kind = ?, reports = ?, uses = ?, first_year = ?,"
                    " national_year = ? WHERE mentions = ? AND term = ?",
                    (
                        min(kept[0], kind), int(kept[1]) + int(reports), int(kept[2]) + int(uses),
                        _least(kept[3], first), _least(kept[4], national), mentions, term,
                    ),
                )  # fmt: skip
        _keep_stamp(db, "phrase_counts", stamp)


def _least(a: int | None, b: int | None) -> int | None:
    """The smaller of two years, either of which may be unknown."""
    return b if a is None else a if b is None else min(a, b)


def phrase_counts_outdated(db: Database, stamp: str) -> bool:
    """Whether the counts kept were counted from other than what ``stamp`` names."""
    return kept_stamp(db, "phrase_counts") != stamp


def phrase_counts(
    db: Database, stamp: str, mentions: bool
) -> list[tuple[str, str, int, int, int | None, int | None]]:
    """(term, kind, reports, uses, first year, first national year) of each formulation
    of the collection (``mentions``: also unquoted lexicon terms): those kept when they
    were counted from what ``stamp`` names, else counted now."""
    if not phrase_counts_outdated(db, stamp):
        cur = db.execute(
            "SELECT term, kind, reports, uses, first_year, national_year FROM phrase_counts"
            " WHERE mentions = ?",
            (int(mentions),),
        )
    else:
        cur = db.execute(_PHRASE_COUNTS.format(only=""), (0 if mentions else 1,))
    return [(t, k, int(r), int(u), y, n) for t, k, r, u, y, n in cur.fetchall()]


def report_phrases(db: Database, rid: int) -> list[Phrase]:
    """The formulations (by the rules) of a report's latest extraction, in order of use."""
    cur = db.execute(
        f"SELECT {_cols(PHRASE_COLUMNS)} FROM phrases WHERE extraction_id = ({LATEST_OF})"
        ' AND strict = 1 ORDER BY "start"',
        (rid,),
    )
    out = []
    for row in cur.fetchall():
        values = dict(zip(PHRASE_COLUMNS, row, strict=True))
        items = json.loads(values["expansion"]) if values["expansion"] else None
        values["expansion"] = tuple(items) if items else None
        out.append(Phrase(**values))
    return out


def add_task_edit(db: Database, rid: int, edit: TaskEdit) -> None:
    """Keep one change to a task (history is never overwritten)."""
    with db.transaction():
        db.execute(
            "INSERT INTO task_edits (report_id, task_id, field, value, author, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (rid, edit.task_id, edit.field, edit.value, edit.author, edit.at),
        )


def task_edits(db: Database, rid: int) -> list[TaskEdit]:
    """Every change to a report's tasks, oldest first."""
    cur = db.execute(
        "SELECT task_id, field, value, author, at FROM task_edits WHERE report_id = ? ORDER BY id",
        (rid,),
    )
    return [TaskEdit(*row) for row in cur.fetchall()]


def data_version(db: Database) -> int:
    """Changes whenever a report, an extraction or a task edit is added (for caches)."""
    rows = db.rows(
        "SELECT COALESCE(MAX(id), 0) AS v FROM extractions UNION ALL"
        " SELECT COALESCE(MAX(id), 0) FROM task_edits"
    )
    return int(rows[0]["v"]) * 1_000_003 + int(rows[1]["v"])


def save_attainment(db: Database, rows: Iterable[tuple[str, Attainment]], stamp: str) -> None:
    """Replace the stored links of targets to outcomes by ``rows`` (each link with its
    place, in their order, taken a batch at a time), linked from what ``stamp`` names."""
    with db.transaction():
        db.execute("DELETE FROM attainment")
        numbered = enumerate(rows)
        while batch := list(itertools.islice(numbered, 5000)):
            _insert_links(db, [(i, place, a) for i, (place, a) in batch])
        _keep_stamp(db, "attainment", stamp)


def save_place_links(
    db: Database, places: Iterable[tuple[str, list[Attainment]]], stamp: str
) -> None:
    """Replace the stored links of each place (its code, else its name) by its new links,
    in the block of positions of that place (moving the blocks after it when the number
    changes; a place not linked before goes before the first place after it, as the
    places are in order), and note ``stamp``: in one transaction."""
    with db.transaction():
        for place, links in places:
            rows = db.rows(
                "SELECT MIN(position) AS a, COUNT(*) AS n FROM attainment WHERE place = ?",
                (place,),
            )
            old = int(rows[0]["n"])
            if old:
                start = int(rows[0]["a"])
                db.execute("DELETE FROM attainment WHERE place = ?", (place,))
            else:
                start = _place_start(db, place)
            if len(links) != old:
                db.execute(
                    "UPDATE attainment SET position = position + ? WHERE position >= ?",
                    (len(links) - old, start + old),
                )
            _insert_links(db, [(start + i, place, a) for i, a in enumerate(links)])
        _keep_stamp(db, "attainment", stamp)


def _place_start(db: Database, place: str) -> int:
    """The first position of the first place after ``place`` (in Python's order of the
    keys, which the collation of a server need not follow), else the end."""
    blocks = db.rows("SELECT place, MIN(position) AS a FROM attainment GROUP BY place")
    after = [int(b["a"]) for b in blocks if b["place"] is not None and b["place"] > place]
    if after:
        return min(after)
    return int(db.rows("SELECT COALESCE(MAX(position) + 1, 0) AS n FROM attainment")[0]["n"])


def _insert_links(db: Database, rows: list[tuple[int, str, Attainment]]) -> None:
    cols = ", ".join(("position", "place", _cols(ATTAINMENT_COLUMNS), "json"))
    db.insert_rows(
        "attainment",
        cols,
        [(i, place, *_values(a, ATTAINMENT_COLUMNS), json_text(a)) for i, place, a in rows],
    )


def stored_attainment(db: Database, stamp: str, **filters: Any) -> list[Attainment] | None:
    """The stored links that the filters keep (columns of the record), in their order, or
    None when what is stored was not linked from ``stamp`` (or nothing is)."""
    if not _linked_from(db, stamp):
        return None
    where, params = _where(filters, "a")
    cur = db.execute(
        f"SELECT {_cols(ATTAINMENT_COLUMNS, 'a')} FROM attainment a WHERE {where}"
        " ORDER BY a.position",
        params,
    )
    return _attainments(cur.fetchall())


def stored_attainment_page(
    db: Database,
    stamp: str,
    sort: str | None,
    limit: int,
    offset: int,
    **filters: Any,
) -> tuple[list[Attainment], int] | None:
    """One page of the stored links that the filters keep and the number of them all,
    sorted by a column of the record (``-`` before it: descending; empty cells last either
    way) or in their stored order; None when what is stored was not linked from ``stamp``.
    Only the page is read: the whole table never is."""
    if not _linked_from(db, stamp):
        return None
    page, params, total = _attainment_page(db, sort, limit, offset, filters)
    cur = db.execute(f"SELECT {_cols(ATTAINMENT_COLUMNS, 'a')} {page}", params)
    return _attainments(cur.fetchall()), total


def stored_attainment_json(
    db: Database,
    stamp: str,
    sort: str | None,
    limit: int,
    offset: int,
    **filters: Any,
) -> tuple[str, int] | None:
    """The page :func:`stored_attainment_page` gives, as the JSON API writes it (a JSON
    array, text): each link's JSON stored with it, joined; None when what is stored was not
    linked from ``stamp``.  A page of links stored before their JSON was (migration 16) is
    encoded from its columns."""
    if not _linked_from(db, stamp):
        return None
    page, params, total = _attainment_page(db, sort, limit, offset, filters)
    texts = [row[0] for row in db.execute(f"SELECT a.json {page}", params).fetchall()]
    if None in texts:
        cur = db.execute(f"SELECT {_cols(ATTAINMENT_COLUMNS, 'a')} {page}", params)
        texts = [json_text(a) for a in _attainments(cur.fetchall())]
    return "[" + ",".join(texts) + "]", total


def _attainment_page(
    db: Database, sort: str | None, limit: int, offset: int, filters: dict[str, Any]
) -> tuple[str, list[Any], int]:
    """The FROM … LIMIT part of the query for a page of the stored links, its parameters,
    and the number of links of all pages."""
    where, params = _where(filters, "a")
    if params:
        total = int(
            db.rows(f"SELECT COUNT(*) AS n FROM attainment a WHERE {where}", params)[0]["n"]
        )
    else:  # all of them: numbered from 0 as stored, so one look in the index of positions
        total = int(db.rows("SELECT COALESCE(MAX(position) + 1, 0) AS n FROM attainment")[0]["n"])
    # the page's positions first, from an index of the sort column and the position
    # (nothing else of a link is read for the links before the page: a deep page of a
    # descending sort read 20,000 links for 200), then those links, in the order of the
    # keys read (by the links' own columns, the planner read every link in that order)
    by = _order_by("k", sort, ATTAINMENT_COLUMNS, "k.position")  # checks the sort
    key = f", k.{q(sort.lstrip('-'))}" if sort else ""
    keys = (
        f"SELECT k.position{key} FROM attainment k WHERE {_where(filters, 'k')[0]}"
        f" ORDER BY {by} LIMIT ? OFFSET ?"
    )
    order = _order_by("p", sort, ATTAINMENT_COLUMNS, "p.position")
    page = f"FROM ({keys}) p JOIN attainment a ON a.position = p.position ORDER BY {order}"
    return page, [*params, limit, offset], total


def links_outdated(db: Database, stamp: str) -> bool:
    """Whether the stored links should be made again: they were not made from what
    ``stamp`` names (or none are stored), or some have no JSON (stored before it was)."""
    if not _linked_from(db, stamp):
        return True
    return bool(db.rows("SELECT 1 AS x FROM attainment WHERE json IS NULL LIMIT 1"))


def _linked_from(db: Database, stamp: str) -> bool:
    """Whether the stored links were made from what ``stamp`` names."""
    return kept_stamp(db, "attainment") == stamp


def _attainments(rows: list[Any]) -> list[Attainment]:
    """Stored links as records, from rows in the record's column order."""
    k = ATTAINMENT_COLUMNS.index("stretch")  # stored as 0/1
    rows = [(*row[:k], bool(row[k]), *row[k + 1 :]) for row in rows]
    return records_from_tuples(Attainment, rows)


def _order_by(alias: str, sort: str | None, allowed: tuple[str, ...], then: str) -> str:
    """ORDER BY terms: by a column (``-`` before it: descending) with empty cells last
    either way, as :func:`gwrkit.core.schema.sorted_by` orders, then by ``then``; only
    ``then`` without ``sort``."""
    if not sort:
        return then
    key = sort.lstrip("-")
    if key not in allowed:  # the name goes into the SQL: only a column may
        raise UsageError(f"cannot sort by {key!r}")
    way = "DESC" if sort.startswith("-") else "ASC"
    # NULLS LAST, not (column IS NULL) first: an index of the column serves it (SQLite
    # 3.30 and PostgreSQL)
    return f"{alias}.{q(key)} {way} NULLS LAST, {then}"


def latest_extraction(db: Database) -> int:
    """The id of the newest extraction (0 for none): it changes with every one stored."""
    return int(db.rows("SELECT COALESCE(MAX(id), 0) AS v FROM extractions")[0]["v"])


def save_page(db: Database, rid: int, code: str, title: str, html: bytes) -> bool:
    """Keep the reader's page of a report's latest extraction (``html``: compressed);
    False when the report has no extraction."""
    rows = db.rows(f"SELECT ({LATEST_OF}) AS e", (rid,))
    extraction = rows[0]["e"] if rows else None
    if extraction is None:
        return False
    with db.transaction():
        db.execute("DELETE FROM pages WHERE extraction_id = ?", (extraction,))
        db.execute(
            "INSERT INTO pages (extraction_id, code, title, html) VALUES (?, ?, ?, ?)",
            (extraction, code, title, html),
        )
    return True


def stored_page(db: Database, rid: int) -> tuple[str, str, bytes] | None:
    """(code, title, compressed html) of the page kept for a report's latest extraction."""
    rows = db.rows(
        f"SELECT code, title, html FROM pages WHERE extraction_id = ({LATEST_OF})", (rid,)
    )
    if not rows:
        return None
    return str(rows[0]["code"]), str(rows[0]["title"]), bytes(rows[0]["html"])


def reports_without_page(db: Database, code: str | None = None) -> list[int]:
    """Reports whose latest extraction has no page kept, or (``code``) none made by it."""
    stale = " OR p.code <> ?" if code is not None else ""
    rows = db.rows(
        "SELECT e.report_id FROM extractions e LEFT JOIN pages p ON p.extraction_id = e.id"
        f" WHERE e.id IN ({LATEST}) AND (p.extraction_id IS NULL{stale}) ORDER BY e.report_id",
        (code,) if code is not None else (),
    )
    return [int(r["report_id"]) for r in rows]
