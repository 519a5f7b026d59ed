"""Crash safety at scale: kill a bulk ingest (SIGKILL, mid-write) and check what it left.

Run: .venv/bin/python benchmarks/kill_during_ingest.py COLLECTION_DIR [--db URL]
         [--workers 2] [--after 30] [--kills 3]

COLLECTION_DIR is a folder of reports, e.g. one made by benchmarks/synthetic.py.  The
ingest (`gwrkit ingest`, in its own process) is killed `--kills` times, each `--after`
seconds after it started; after each kill the database must hold whole reports only
(each with its extraction, as many facts as the extraction says, its sentences and, on
SQLite, an intact file, and a search index that holds exactly the sentences of the
reports not waiting for it), and nothing stored before the kill may be lost.  A last
ingest then completes the collection: every file stored once, every report searchable
and with its reader page, the links and the counts of formulations kept up to date.
Without --db a temporary SQLite file is used; a PostgreSQL URL must name an empty
database or schema.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gwrkit import api
from gwrkit.pipeline import kept_current
from gwrkit.store.database import Database, integrity_ok

# what a kill must never leave: (what is wrong, the query that counts it)
_BROKEN = (
    (
        "reports without an extraction",
        "SELECT COUNT(*) AS n FROM reports r WHERE NOT EXISTS"
        " (SELECT 1 FROM extractions e WHERE e.report_id = r.id)",
    ),
    (
        "extractions missing facts",
        "SELECT COUNT(*) AS n FROM extractions e WHERE e.fact_count <>"
        " (SELECT COUNT(*) FROM facts f WHERE f.extraction_id = e.id)",
    ),
    (
        "reports without sentences",
        "SELECT COUNT(*) AS n FROM reports r WHERE NOT EXISTS"
        " (SELECT 1 FROM sentences s WHERE s.report_id = r.id)",
    ),
)


# SQLite: the search index is made a batch of reports at a time, each batch whole
_INDEXED = (
    "SELECT (SELECT COUNT(*) FROM sentences_fts) - (SELECT COUNT(*) FROM sentences WHERE"
    " report_id NOT IN (SELECT report_id FROM search_pending)) AS n"
)
# what the last ingest must leave: nothing waiting for the index, no report without page
_INCOMPLETE = (
    ("reports not searchable", "SELECT COUNT(*) AS n FROM search_pending"),
    (
        "reports without a reader page",
        "SELECT COUNT(*) AS n FROM extractions e WHERE e.id IN (SELECT MAX(id) FROM"
        " extractions GROUP BY report_id) AND NOT EXISTS"
        " (SELECT 1 FROM pages p WHERE p.extraction_id = e.id)",
    ),
)


def _check(url: str, last: bool = False) -> tuple[int, list[str]]:
    """The number of stored reports and what is wrong with them (nothing: []); ``last``:
    also what a complete ingest must have made."""
    db: Database = api.open_store(url)
    try:
        wrong = []
        if db.dialect == "sqlite" and not integrity_ok(db):
            wrong.append("integrity_check failed")
        reports = int(db.rows("SELECT COUNT(*) AS n FROM reports")[0]["n"])
        checks = [*_BROKEN, *(_INCOMPLETE if last else ())]
        if db.dialect == "sqlite":
            checks.append(("sentences too many or missing in the search index", _INDEXED))
        for problem, query in checks:
            n = int(db.rows(query)[0]["n"])
            if n:
                wrong.append(f"{n} {problem}")
        linked, counted = kept_current(db) if last else (True, True)
        if not linked:
            wrong.append("the links kept are not those of the reports stored")
        if not counted:
            wrong.append("the counts of formulations kept are not those of the reports stored")
        return reports, wrong
    finally:
        db.close()


def _ingest(folder: str, url: str, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gwrkit", "ingest", folder, "--db", url, "--quiet"]
    return subprocess.Popen(
        [*command, "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collection")
    parser.add_argument("--db", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--after", type=float, default=30.0)
    parser.add_argument("--kills", type=int, default=3)
    args = parser.parse_args()
    files = api.ingest_paths_count([args.collection])  # the report files ingest reads
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or str(Path(tmp) / "killed.db")
        before = 0
        for n in range(1, args.kills + 1):
            proc = _ingest(args.collection, url, args.workers)
            time.sleep(args.after)
            if proc.poll() is not None:
                print(f"kill {n}: the ingest ended before the kill; nothing to test")
                break
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
            stored, wrong = _check(url)
            lost = stored < before
            ok = ok and not wrong and not lost
            print(
                f"kill {n} after {args.after:g} s: {stored} of {files} reports stored "
                f"({stored - before} since the last kill), "
                + ("whole" if not wrong else "; ".join(wrong))
                + ("; REPORTS LOST" if lost else "")
            )
            before = stored
        started = time.perf_counter()
        done = _ingest(args.collection, url, args.workers)
        code = done.wait()
        stored, wrong = _check(url, last=True)
        complete = code == 0 and stored == files and not wrong
        ok = ok and complete
        print(
            f"last ingest: exit {code} in {time.perf_counter() - started:.0f} s, "
            f"{stored} of {files} reports stored, "
            + ("whole, searchable, with pages, linked" if not wrong else "; ".join(wrong))
        )
    print("crash safety holds" if ok else "CRASH SAFETY BROKEN")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
