"""Opening a database by URL, one dialect layer for SQLite and PostgreSQL, and the
schema's recorded migrations.

URLs: a path or ``sqlite:///path`` (SQLite, the default: ``gwrkit.db`` in the current
folder, or ``GWRKIT_DB``); ``postgresql://user@host:port/dbname`` (PostgreSQL, via
psycopg).  SQL is written once with ``?`` placeholders; PostgreSQL gets ``%s``.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gwrkit.core.errors import StoreError
from gwrkit.core.extras import needs

DEFAULT_DB = "gwrkit.db"

# Each migration is applied once, in order, and recorded in schema_migrations.
# The search index's rowid of a sentence is the order search shows it in (newest year
# first, then the level as ORDER BY level sorts it, then the report stored last, then the
# sentence's place), so that a search reads its page of matches from the highest rowid
# down and stops there: sorting every match of a common word took seconds at 20,000
# reports.  catalog.search_key computes the same in Python; a test checks they agree.
LEVEL_RANK = {None: 0, "county": 1, "national": 2, "prefecture": 3, "province": 4}
MAX_SENTENCE = (1 << 20) - 1
SEARCH_KEY_SQL = (
    "(COALESCE(r.year, 0) << 51) | ((7 - CASE r.level WHEN 'county' THEN 1"
    " WHEN 'national' THEN 2 WHEN 'prefecture' THEN 3 WHEN 'province' THEN 4 ELSE 0 END)"
    f' << 48) | (s.report_id << 20) | ({MAX_SENTENCE} - MIN(s."index", {MAX_SENTENCE}))'
)

# the columns of the stored links that the targets page sorts by, and the gap
SORTED_LINK_COLUMNS = ("region", "year", "target_value", "outcome_value", "verdict", "note", "gap")

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "reports, their outline and sentences, extractions and facts, ingest failures",
        (
            """CREATE TABLE reports (
                id {pk}, sha256 TEXT NOT NULL UNIQUE, path TEXT NOT NULL, name TEXT NOT NULL,
                format TEXT NOT NULL, encoding TEXT, region TEXT, level TEXT, admin_code TEXT,
                year INTEGER, date TEXT, speaker TEXT, speaker_title TEXT, congress TEXT,
                session TEXT, chars INTEGER NOT NULL, original TEXT NOT NULL,
                ingested_at TEXT NOT NULL)""",
            """CREATE TABLE sections (
                report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL, level INTEGER NOT NULL, marker TEXT, title TEXT,
                role TEXT NOT NULL, parent INTEGER, span_start INTEGER NOT NULL,
                span_end INTEGER NOT NULL, PRIMARY KEY (report_id, idx))""",
            """CREATE TABLE paragraphs (
                report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL, section INTEGER, role TEXT NOT NULL,
                span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
                first_sentence INTEGER NOT NULL, sentence_count INTEGER NOT NULL,
                PRIMARY KEY (report_id, idx))""",
            """CREATE TABLE sentences (
                report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL, paragraph INTEGER NOT NULL, span_start INTEGER NOT NULL,
                span_end INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (report_id, idx))""",
            """CREATE TABLE extractions (
                id {pk}, report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                rules_version TEXT NOT NULL, extracted_at TEXT NOT NULL,
                fact_count INTEGER NOT NULL, UNIQUE (report_id, rules_version))""",
            """CREATE TABLE facts (
                id {pk}, extraction_id INTEGER NOT NULL REFERENCES extractions(id)
                ON DELETE CASCADE, report_id INTEGER NOT NULL, headline INTEGER NOT NULL,
                indicator TEXT, metric TEXT, measure TEXT NOT NULL, status TEXT NOT NULL,
                period TEXT NOT NULL, period_start INTEGER, period_end INTEGER, value REAL,
                low REAL, high REAL, unit TEXT, base_value REAL, base_unit TEXT,
                modifier TEXT NOT NULL, stretch INTEGER NOT NULL, direction TEXT,
                span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, quote TEXT NOT NULL,
                role TEXT NOT NULL, sentence INTEGER NOT NULL, rule TEXT NOT NULL)""",
            "CREATE INDEX facts_by_extraction ON facts (extraction_id)",
            "CREATE INDEX facts_by_indicator ON facts (indicator, status, period_end)",
            "CREATE INDEX reports_by_region ON reports (admin_code, year)",
            """CREATE TABLE failures (
                id {pk}, path TEXT NOT NULL, reason TEXT NOT NULL, rules_version TEXT,
                failed_at TEXT NOT NULL)""",
        ),
    ),
    (
        2,
        "full-text search of sentences (SQLite FTS5, trigram tokenizer)",
        (
            "sqlite: CREATE VIRTUAL TABLE sentences_fts USING fts5("
            "text, report_id UNINDEXED, idx UNINDEXED, tokenize = 'trigram')",
            "sqlite: INSERT INTO sentences_fts (text, report_id, idx)"
            " SELECT text, report_id, idx FROM sentences",
            "CREATE INDEX sentences_by_report ON sentences (report_id, paragraph)",
        ),
    ),
    (
        3,
        "numbers as 8-byte floats on PostgreSQL too (REAL there is 4 bytes: 33757.93 came"
        " back as 33757.9296875)",
        tuple(
            f"postgresql: ALTER TABLE facts ALTER COLUMN {column} TYPE DOUBLE PRECISION"
            for column in ("value", "low", "high", "base_value")
        ),
    ),
    (
        4,
        "columns named as the schema's fields (idx → index, span_start/span_end →"
        " start/end), and each paragraph's lead",
        (
            *(
                f'ALTER TABLE {table} RENAME COLUMN {old} TO "{new}"'
                for table in ("sections", "paragraphs", "sentences")
                for old, new in (("idx", "index"), ("span_start", "start"), ("span_end", "end"))
            ),
            'ALTER TABLE facts RENAME COLUMN span_start TO "start"',
            'ALTER TABLE facts RENAME COLUMN span_end TO "end"',
            "ALTER TABLE paragraphs ADD COLUMN lead TEXT",
        ),
    ),
    (
        5,
        "formulations (提法) of each extraction",
        (
            """CREATE TABLE phrases (
                extraction_id INTEGER NOT NULL REFERENCES extractions(id) ON DELETE CASCADE,
                report_id INTEGER NOT NULL, term TEXT NOT NULL, kind TEXT NOT NULL,
                "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, count INTEGER NOT NULL,
                expansion TEXT, canonical TEXT, gloss TEXT, known INTEGER NOT NULL,
                strict INTEGER NOT NULL)""",
            "CREATE INDEX phrases_by_term ON phrases (term, report_id)",
            "CREATE INDEX phrases_by_extraction ON phrases (extraction_id)",
        ),
    ),
    (
        6,
        "the rule that found each formulation (quoted, lexicon, a numbered shape)",
        ("ALTER TABLE phrases ADD COLUMN rule TEXT NOT NULL DEFAULT 'quoted'",),
    ),
    (
        7,
        "what a supervision office sets on a report's tasks, every change kept",
        (
            """CREATE TABLE task_edits (
                id {pk}, report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                task_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
                author TEXT NOT NULL, at TEXT NOT NULL)""",
            "CREATE INDEX task_edits_by_report ON task_edits (report_id, task_id, id)",
        ),
    ),
    (
        8,
        "each target linked to its outcome, stored at ingest (stamp: what it was linked from)",
        (
            """CREATE TABLE attainment (
                stamp TEXT NOT NULL, position INTEGER NOT NULL, region TEXT NOT NULL,
                admin_code TEXT, level TEXT, year INTEGER NOT NULL, indicator TEXT NOT NULL,
                measure TEXT NOT NULL, modifier TEXT, target_value REAL, target_low REAL,
                target_high REAL, target_unit TEXT, target_direction TEXT,
                stretch INTEGER NOT NULL, target_quote TEXT, target_report TEXT,
                target_fact_id INTEGER, target_report_id INTEGER, outcome_value REAL,
                outcome_unit TEXT, outcome_modifier TEXT, outcome_direction TEXT,
                outcome_quote TEXT, outcome_report TEXT, outcome_fact_id INTEGER,
                outcome_report_id INTEGER, verdict TEXT NOT NULL, gap REAL,
                note TEXT NOT NULL)""",
            "CREATE INDEX attainment_by_indicator ON attainment (indicator, year)",
            "CREATE INDEX attainment_by_region ON attainment (admin_code, year)",
        ),
    ),
    (
        9,
        "indexes for a large collection: the stored regions read from an index, not from the"
        " rows of the reports with their text (39 ms at 20,000 reports, on every page with a"
        " region picker); reports in the order search shows them, so that a search of two"
        " characters (no trigram) reads the newest reports first and stops at a page",
        (
            "CREATE INDEX reports_by_name ON reports (region, admin_code)",
            "CREATE INDEX reports_by_year ON reports (year DESC, level, region)",
        ),
    ),
    (
        10,
        "the stored links in their order and by level, so that a page of them is read from"
        " an index: /api/targets sorted all 2,175 links of the corpus for each page of 200",
        (
            "CREATE INDEX attainment_by_position ON attainment (position)",
            "CREATE INDEX attainment_by_level ON attainment (level, year)",
        ),
    ),
    (
        11,
        "each extraction's reader page, rendered once (code: the templates it was made with)",
        (
            """sqlite: CREATE TABLE pages (
                extraction_id INTEGER PRIMARY KEY REFERENCES extractions(id) ON DELETE CASCADE,
                code TEXT NOT NULL, title TEXT NOT NULL, html BLOB NOT NULL)""",
            """postgresql: CREATE TABLE pages (
                extraction_id BIGINT PRIMARY KEY REFERENCES extractions(id) ON DELETE CASCADE,
                code TEXT NOT NULL, title TEXT NOT NULL, html BYTEA NOT NULL)""",
        ),
    ),
    (
        12,
        "the stored links of an indicator or a region in their order, so that a page of them"
        " is read from an index, not sorted (6,584 links of gdp at 20,000 reports)",
        (
            "CREATE INDEX attainment_by_indicator_position ON attainment (indicator, position)",
            "CREATE INDEX attainment_by_region_position ON attainment (admin_code, position)",
        ),
    ),
    (
        13,
        "search reads its page of matches in the order shown and stops there: the search"
        " index keyed by that order (catalog.search_key), and reports by year and id",
        (
            "sqlite: DROP TABLE sentences_fts",
            "sqlite: CREATE VIRTUAL TABLE sentences_fts USING fts5("
            "text, report_id UNINDEXED, idx UNINDEXED, tokenize = 'trigram')",
            "sqlite: INSERT INTO sentences_fts (rowid, text, report_id, idx)"
            f' SELECT {SEARCH_KEY_SQL}, s.text, s.report_id, s."index"'
            " FROM sentences s JOIN reports r ON r.id = s.report_id",
            "CREATE INDEX reports_by_year_id ON reports (year DESC, level, id DESC)",
        ),
    ),
    (
        14,
        "the index of migration 9 that search read reports by (year, level, region): since"
        " migration 13 it reads them by reports_by_year_id, and nothing reads that one",
        ("DROP INDEX IF EXISTS reports_by_year",),
    ),
    (
        15,
        "reports stored but not yet in the search index: ingest stores a report's text and"
        " facts first and indexes its sentences for search after (catalog.index_for_search),"
        " a batch at a time in the order of their keys, where indexing each report as it"
        " was stored took a third of ingest's time",
        (
            """CREATE TABLE search_pending (
                report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE)""",
        ),
    ),
    (
        16,
        "each stored link also as the JSON the API gives it, so that a page of /api/targets"
        " is its rows' text joined (a page of 200 links: 2.2 → 0.4 ms), where 28 columns a"
        " link were read, made into records and encoded again; links stored before have"
        " none, and are encoded from their columns when read",
        ("ALTER TABLE attainment ADD COLUMN json TEXT",),
    ),
    (
        17,
        "the stored links by each column the targets page sorts by (and gap), then in their"
        " order, so that a sorted page is read from an index: sorting 42,783 links (8,000"
        " reports) took 8-10 ms a page, and grows with the collection",
        tuple(
            f"CREATE INDEX attainment_sorted_by_{column} ON attainment ({column}, position)"
            for column in SORTED_LINK_COLUMNS
        ),
    ),
    (
        18,
        "what ingest keeps of the whole collection, each under a stamp of what it was made"
        " from (kept_stamps, one row each, in place of a stamp on every row): the links, now"
        " a block of positions for each place (its code, else its name), so that reports"
        " added to a large collection relink their places only (every target of 8,000"
        " reports was linked again for one: 3.9 s); the formulations counted once after each"
        " load (the formulations page counted the 660,941 uses of 8,000 reports for each"
        " request: 3 s); the uses of a term by its lexicon form from an index.  Links stored"
        " before have no place and no stamp: the next ingest or `gwrkit index` links again",
        (
            "CREATE TABLE kept_stamps (name TEXT PRIMARY KEY, stamp TEXT NOT NULL)",
            "ALTER TABLE attainment DROP COLUMN stamp",
            "ALTER TABLE attainment ADD COLUMN place TEXT",
            "CREATE INDEX attainment_by_place ON attainment (place, position)",
            """CREATE TABLE phrase_counts (
                mentions INTEGER NOT NULL, term TEXT NOT NULL, kind TEXT NOT NULL,
                reports INTEGER NOT NULL, uses INTEGER NOT NULL, first_year INTEGER,
                national_year INTEGER)""",
            "CREATE UNIQUE INDEX phrase_counts_by_term ON phrase_counts (mentions, term)",
            "CREATE INDEX phrases_by_canonical ON phrases (canonical, report_id)",
        ),
    ),
    (
        19,
        "each extraction's headline facts and targets counted when it is stored, so that the"
        " list of reports is sorted by them without counting the facts of every report"
        " (386 ms a page at 8,000 reports)",
        (
            "ALTER TABLE extractions ADD COLUMN headline_facts INTEGER",
            "ALTER TABLE extractions ADD COLUMN headline_targets INTEGER",
            """UPDATE extractions SET
                headline_facts = (SELECT COUNT(*) FROM facts f
                    WHERE f.extraction_id = extractions.id AND f.headline = 1),
                headline_targets = (SELECT COUNT(*) FROM facts f
                    WHERE f.extraction_id = extractions.id AND f.headline = 1
                    AND f.status = 'target')""",
        ),
    ),
    (
        20,
        "facts by extraction, indicator and status (in place of by extraction alone), so that"
        " the facts of one region's reports for an indicator are read from its extractions:"
        " the planner read every fact of the indicator in the collection (facts_by_indicator)"
        " to keep one region's (23 → 2.5 ms at 8,000 reports)",
        (
            "CREATE INDEX facts_by_extraction_indicator ON facts"
            " (extraction_id, indicator, status)",
            "DROP INDEX facts_by_extraction",
        ),
    ),
    (
        21,
        "reports in the listing's order (level, region, year, id), so that a page of the"
        " list is read from an index and the regions are counted from it: at 100,000"
        " reports the list sorted every report for each page (60 ms) and counting the"
        " regions read every report's row (127 ms)",
        ("CREATE INDEX reports_listed ON reports (level, region, year, id)",),
    ),
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Database:
    """A connection and its dialect (``sqlite`` or ``postgresql``)."""

    url: str
    dialect: str
    conn: Any

    def sql(self, statement: str) -> str:
        if self.dialect == "postgresql":
            return statement.replace("?", "%s")
        return statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        try:
            cur = self.conn.cursor()
            cur.execute(self.sql(statement), tuple(params))
            return cur
        except (sqlite3.Error, _pg_error()) as exc:
            raise StoreError(f"{self.display}: {_reason(exc)}") from None

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            cur = self.conn.cursor()
            cur.executemany(self.sql(statement), [tuple(r) for r in rows])
        except (sqlite3.Error, _pg_error()) as exc:
            raise StoreError(f"{self.display}: {_reason(exc)}") from None

    def insert_rows(self, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` (values in the order of ``columns``, a list of quoted names):
        with COPY on PostgreSQL (each row a line of one stream, where INSERT takes a
        statement a row), with one prepared INSERT on SQLite."""
        if not rows:
            return
        if self.dialect != "postgresql":
            marks = ", ".join("?" * len(rows[0]))
            self.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
            return
        try:
            cur = self.conn.cursor()
            with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except _pg_error() as exc:
            raise StoreError(f"{self.display}: {_reason(exc)}") from None

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.execute(statement, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def insert_id(self, statement: str, params: Sequence[Any]) -> int:
        row = self.execute(statement + " RETURNING id", params).fetchone()
        return int(row[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a failure (or a kill) leaves no trace of the work inside."""
        if self.dialect == "postgresql":
            with self.conn.transaction():
                yield
            return
        try:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"{self.display}: {_reason(exc)}") from None
            yield
            self.conn.commit()
        except BaseException:
            with suppress(Exception):
                self.conn.rollback()
            raise

    @property
    def display(self) -> str:
        return re.sub(r"://([^:@/]+):[^@]+@", r"://\1:***@", self.url)

    def close(self) -> None:
        with suppress(Exception):
            self.conn.close()


class _NoPostgres(Exception):
    """Stands for psycopg's errors where psycopg is not installed (never raised)."""


def _pg_error() -> type[Exception]:
    try:
        import psycopg
    except ImportError:
        return _NoPostgres
    return psycopg.Error


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "locked" in text or "busy" in text:
        return f"the database is locked by another program ({text})"
    if "readonly" in text or "read-only" in text:
        return f"the database cannot be written ({text})"
    if "disk" in text and "full" in text:
        return f"the disk is full ({text})"
    return text


def resolve_url(url: str | os.PathLike[str] | None) -> str:
    """The database URL to use: the argument, else GWRKIT_DB, else gwrkit.db here."""
    if url is None or str(url) == "":
        return os.environ.get("GWRKIT_DB") or DEFAULT_DB
    return os.fspath(url)


def open_database(url: str | os.PathLike[str] | None = None, create: bool = True) -> Database:
    """Open (and migrate) the database at ``url``; raises StoreError with the reason."""
    target = resolve_url(url)
    if "://" in target and not target.startswith(("sqlite://", "postgresql://", "postgres://")):
        scheme = target.split("://", 1)[0]
        raise StoreError(
            f"{target}: unknown database URL scheme {scheme!r}; use a file path, "
            "sqlite:///path or postgresql://user@host:port/dbname"
        )
    db = _open_postgres(target) if target.startswith("postgres") else _open_sqlite(target, create)
    migrate(db)
    return db


def _open_sqlite(target: str, create: bool) -> Database:
    path = target[len("sqlite:///") :] if target.startswith("sqlite:///") else target
    if target.startswith("sqlite://") and not target.startswith("sqlite:///"):
        raise StoreError(f"{target}: malformed SQLite URL; use sqlite:///path/to/file.db")
    uri = path.startswith("file:")  # an SQLite URI: sqlite:///file:/data/x.db?mode=ro
    p = Path(path[5:].split("?", 1)[0] if uri else path)
    if p.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if not p.exists() and not create:
        raise StoreError(f"{path}: no such database (run gwrkit ingest first)")
    if not p.parent.exists():
        raise StoreError(f"{path}: the folder {p.parent} does not exist")
    try:
        conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, uri=uri)
        conn.execute("PRAGMA foreign_keys = ON")
        if "mode=ro" not in path:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        # the log is copied into the database every 40 MB, not every 4 MB (the default):
        # a report stored writes ~0.5 MB, and each copy waits for the disk (storing took
        # 5.4 ms a report, 4.0 ms with this); as safe, the log only grows larger
        conn.execute("PRAGMA wal_autocheckpoint = 10000")
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: {_reason(exc)}") from None
    # isolation_level=None: reads need no transaction; writes go through transaction()
    return Database(path, "sqlite", conn)


def _open_postgres(target: str) -> Database:
    psycopg = needs("psycopg", "postgres", "a PostgreSQL store")

    url = "postgresql://" + target.split("://", 1)[1]
    try:
        conn = psycopg.connect(url, connect_timeout=5, autocommit=True)
    except psycopg.Error as exc:
        display = re.sub(r"://([^:@/]+):[^@]+@", r"://\1:***@", url)
        raise StoreError(f"{display}: cannot connect ({_reason(exc)})") from None
    except Exception as exc:  # psycopg raises ProgrammingError/ValueError on bad URLs
        raise StoreError(f"{target}: malformed PostgreSQL URL ({exc})") from None
    return Database(url, "postgresql", conn)


def migrate(db: Database) -> list[int]:
    """Apply the migrations not yet applied; return their numbers."""
    pk = "INTEGER PRIMARY KEY" if db.dialect == "sqlite" else "BIGSERIAL PRIMARY KEY"
    with db.transaction():
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    done = {int(r["version"]) for r in db.rows("SELECT version FROM schema_migrations")}
    applied = []
    for version, description, statements in MIGRATIONS:
        if version in done:
            continue
        with db.transaction():
            for statement in statements:
                dialect, sep, rest = statement.partition(": ")
                if sep and dialect in ("sqlite", "postgresql"):
                    if dialect != db.dialect:
                        continue  # a statement for the other kind of database
                    statement = rest
                db.execute(statement.replace("{pk}", pk))
            db.execute(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                (version, description, now()),
            )
        applied.append(version)
    return applied


def schema_version(db: Database) -> int:
    rows = db.rows("SELECT MAX(version) AS v FROM schema_migrations")
    return int(rows[0]["v"] or 0)


def integrity_ok(db: Database) -> bool:
    """SQLite's integrity check; PostgreSQL keeps its own."""
    if db.dialect != "sqlite":
        return True
    return bool(db.rows("PRAGMA integrity_check")[0]["integrity_check"] == "ok")
