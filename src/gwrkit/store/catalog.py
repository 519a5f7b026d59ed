"""Writing reports and facts, and reading them back: the SQL of the collection."""

from __future__ import annotations

from typing import Any

from gwrkit.store.database import Database, now
from gwrkit.store.records import FACT_COLUMNS, ReportRecord

REPORT_COLUMNS = (
    "sha256",
    "path",
    "name",
    "format",
    "encoding",
    "region",
    "level",
    "admin_code",
    "year",
    "date",
    "speaker",
    "speaker_title",
    "congress",
    "session",
    "chars",
    "original",
)

# the latest extraction of each report
LATEST = "SELECT MAX(id) AS id FROM extractions GROUP BY report_id"


def report_id(db: Database, sha256: str) -> int | None:
    rows = db.rows("SELECT id FROM reports WHERE sha256 = ?", (sha256,))
    return int(rows[0]["id"]) if rows else None


def is_extracted(db: Database, sha256: str, rules_version: str) -> bool:
    """Is this report stored with facts of this rules version?"""
    rows = db.rows(
        "SELECT 1 AS x FROM extractions e JOIN reports r ON r.id = e.report_id"
        " WHERE r.sha256 = ? AND e.rules_version = ?",
        (sha256, rules_version),
    )
    return bool(rows)


# metadata a user may set on a stored report (gwrkit ingest --set year=2025)
METADATA_COLUMNS = (
    "region", "level", "admin_code", "year", "date", "speaker", "speaker_title", "congress",
    "session",
)  # fmt: skip


def save_report(db: Database, rec: ReportRecord, corrected: bool = False) -> tuple[int, bool]:
    """Write a report and its facts in one transaction; (report id, whether anything was
    written).  The same content under the same rules version changes nothing; a new rules
    version adds its facts beside the old ones.  ``corrected``: the record's metadata was
    set by the user, so a stored report takes it and its facts of these rules are
    replaced (their periods follow the year)."""
    with db.transaction():
        rid = report_id(db, rec.report["sha256"])
        if rid is None:
            rid = _insert_report(db, rec)
        elif corrected:
            sets = ", ".join(f"{c} = ?" for c in METADATA_COLUMNS)
            values = [rec.report[c] for c in METADATA_COLUMNS]
            db.execute(f"UPDATE reports SET {sets} WHERE id = ?", (*values, rid))
            old = "SELECT id FROM extractions WHERE report_id = ? AND rules_version = ?"
            db.execute(
                f"DELETE FROM facts WHERE extraction_id IN ({old})", (rid, rec.rules_version)
            )
            db.execute(
                "DELETE FROM extractions WHERE report_id = ? AND rules_version = ?",
                (rid, rec.rules_version),
            )
        elif is_extracted(db, rec.report["sha256"], rec.rules_version):
            return rid, False
        eid = db.insert_id(
            "INSERT INTO extractions (report_id, rules_version, extracted_at, fact_count)"
            " VALUES (?, ?, ?, ?)",
            (rid, rec.rules_version, now(), len(rec.facts)),
        )
        cols = ", ".join(("extraction_id", "report_id", *FACT_COLUMNS))
        marks = ", ".join("?" * (len(FACT_COLUMNS) + 2))
        db.executemany(
            f"INSERT INTO facts ({cols}) VALUES ({marks})",
            [(eid, rid, *row) for row in rec.facts],
        )
        db.execute("DELETE FROM failures WHERE path = ?", (rec.report["path"],))
    return rid, True


def _insert_report(db: Database, rec: ReportRecord) -> int:
    cols = ", ".join((*REPORT_COLUMNS, "ingested_at"))
    marks = ", ".join("?" * (len(REPORT_COLUMNS) + 1))
    values = [rec.report[c] for c in REPORT_COLUMNS] + [now()]
    rid = db.insert_id(f"INSERT INTO reports ({cols}) VALUES ({marks})", values)
    db.executemany(
        "INSERT INTO sections (report_id, idx, level, marker, title, role, parent,"
        " span_start, span_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(rid, *row) for row in rec.sections],
    )
    db.executemany(
        "INSERT INTO paragraphs (report_id, idx, section, role, span_start, span_end,"
        " first_sentence, sentence_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(rid, *row) for row in rec.paragraphs],
    )
    db.executemany(
        "INSERT INTO sentences (report_id, idx, paragraph, span_start, span_end, text)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(rid, *row) for row in rec.sentences],
    )
    if db.dialect == "sqlite":
        db.executemany(
            "INSERT INTO sentences_fts (text, report_id, idx) VALUES (?, ?, ?)",
            [(row[4], rid, row[0]) for row in rec.sentences],
        )
    return rid


def record_failure(db: Database, path: str, reason: str, rules_version: str) -> None:
    with db.transaction():
        db.execute("DELETE FROM failures WHERE path = ?", (path,))
        db.execute(
            "INSERT INTO failures (path, reason, rules_version, failed_at) VALUES (?, ?, ?, ?)",
            (path, reason, rules_version, now()),
        )


def failures(db: Database) -> list[dict[str, Any]]:
    return db.rows("SELECT path, reason, rules_version, failed_at FROM failures ORDER BY path")


def _where(filters: dict[str, Any], alias: str) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            parts.append(f"{alias}.{key} IN ({', '.join('?' * len(value))})")
            params.extend(value)
        else:
            parts.append(f"{alias}.{key} = ?")
            params.append(value)
    return (" AND ".join(parts) or "1 = 1"), params


def list_reports(db: Database, **filters: Any) -> list[dict[str, Any]]:
    """Reports (without their text) with counts of facts and targets of the latest
    extraction; filters: region, level, year, admin_code, id."""
    where, params = _where(filters, "r")
    return db.rows(
        "SELECT r.id, r.sha256, r.path, r.name, r.format, r.encoding, r.region, r.level,"
        " r.admin_code, r.year, r.date, r.speaker, r.speaker_title, r.congress, r.session,"
        " r.chars, r.ingested_at, e.rules_version,"
        " (SELECT COUNT(*) FROM facts f WHERE f.extraction_id = e.id AND f.headline = 1)"
        " AS facts,"
        " (SELECT COUNT(*) FROM facts f WHERE f.extraction_id = e.id AND f.headline = 1"
        " AND f.status = 'target') AS targets"
        f" FROM reports r LEFT JOIN extractions e ON e.report_id = r.id AND e.id IN ({LATEST})"
        f" WHERE {where} ORDER BY r.level, r.region, r.year",
        params,
    )


def report_text(db: Database, rid: int) -> dict[str, Any] | None:
    rows = db.rows("SELECT * FROM reports WHERE id = ?", (rid,))
    return rows[0] if rows else None


def outline(db: Database, rid: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "sections": db.rows("SELECT * FROM sections WHERE report_id = ? ORDER BY idx", (rid,)),
        "paragraphs": db.rows("SELECT * FROM paragraphs WHERE report_id = ? ORDER BY idx", (rid,)),
        "sentences": db.rows("SELECT * FROM sentences WHERE report_id = ? ORDER BY idx", (rid,)),
    }


def list_facts(
    db: Database, headline_only: bool = True, rules_version: str | None = None, **filters: Any
) -> list[dict[str, Any]]:
    """Facts joined with their report; the latest extraction of each report unless a
    rules version is asked for.  Filters on fact columns (indicator, status, measure …)
    and on report columns with the prefix ``report_`` (report_region, report_year …)."""
    fact_filters = {k: v for k, v in filters.items() if not k.startswith("report_")}
    report_filters = {k[7:]: v for k, v in filters.items() if k.startswith("report_")}
    fw, fp = _where(fact_filters, "f")
    rw, rp = _where(report_filters, "r")
    if rules_version is None:
        version = f"f.extraction_id IN ({LATEST})"
        vparams: list[Any] = []
    else:
        version = "e.rules_version = ?"
        vparams = [rules_version]
    head = "f.headline = 1" if headline_only else "1 = 1"
    return db.rows(
        "SELECT f.*, e.rules_version, r.sha256 AS report_sha256, r.name AS report_name,"
        " r.region AS report_region, r.level AS report_level, r.admin_code AS report_admin_code,"
        " r.year AS report_year"
        " FROM facts f JOIN extractions e ON e.id = f.extraction_id"
        " JOIN reports r ON r.id = f.report_id"
        f" WHERE {version} AND {head} AND {fw} AND {rw}"
        " ORDER BY r.level, r.region, r.year, f.span_start, f.id",
        [*vparams, *fp, *rp],
    )


def counts(db: Database) -> dict[str, int]:
    out = {}
    for table in ("reports", "extractions", "facts", "sentences", "failures"):
        out[table] = int(db.rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
    return out


def region_codes(db: Database) -> list[dict[str, Any]]:
    """Each stored region name with its division code (None where it has none)."""
    return db.rows(
        "SELECT DISTINCT region, admin_code FROM reports WHERE region IS NOT NULL ORDER BY region"
    )


def search_sentences(db: Database, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Sentences containing ``query`` (any Chinese text), newest reports first."""
    head = (
        "SELECT s.report_id, s.idx, s.text, s.span_start, s.span_end, r.name, r.region,"
        " r.level, r.year FROM sentences s JOIN reports r ON r.id = s.report_id"
    )
    if db.dialect == "sqlite" and len(query) >= 3:  # the trigram index needs 3 characters
        phrase = '"' + query.replace('"', '""') + '"'
        return db.rows(
            head + " JOIN (SELECT report_id, idx FROM sentences_fts WHERE sentences_fts MATCH ?)"
            " m ON m.report_id = s.report_id AND m.idx = s.idx"
            " ORDER BY r.year DESC, r.level, r.region, s.idx LIMIT ?",
            (phrase, limit),
        )
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    op = "ILIKE" if db.dialect == "postgresql" else "LIKE"
    return db.rows(
        head + f" WHERE s.text {op} ? ESCAPE '\\'"
        " ORDER BY r.year DESC, r.level, r.region, s.idx LIMIT ?",
        (like, limit),
    )


def fact_by_id(db: Database, fid: int) -> dict[str, Any] | None:
    rows = db.rows(
        "SELECT f.*, e.rules_version, r.name AS report_name, r.region AS report_region,"
        " r.year AS report_year FROM facts f JOIN extractions e ON e.id = f.extraction_id"
        " JOIN reports r ON r.id = f.report_id WHERE f.id = ?",
        (fid,),
    )
    return rows[0] if rows else None


def report_facts(db: Database, rid: int, headline_only: bool = False) -> list[dict[str, Any]]:
    """The facts of a report's latest extraction, in text order."""
    head = " AND f.headline = 1" if headline_only else ""
    return db.rows(
        "SELECT f.*, e.rules_version FROM facts f JOIN extractions e ON e.id = f.extraction_id"
        f" WHERE f.report_id = ? AND f.extraction_id IN ({LATEST}){head}"
        " ORDER BY f.span_start, f.id",
        (rid,),
    )


def data_version(db: Database) -> int:
    """Changes whenever a report or an extraction is added (for caches)."""
    return int(db.rows("SELECT COALESCE(MAX(id), 0) AS v FROM extractions")[0]["v"])
