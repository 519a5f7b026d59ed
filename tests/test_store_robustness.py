"""A killed ingest leaves only whole reports; bad databases give one-line errors."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gwrkit import api
from gwrkit.cli import cli
from gwrkit.store.database import integrity_ok, open_database

from .conftest import SAMPLES, manifest, require_corpus


def _gwrkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gwrkit", *args], capture_output=True, text=True, timeout=300
    )


def _whole_reports(db_path: Path) -> int:
    """Every stored report has its outline, sentences and exactly its counted facts."""
    db = open_database(db_path, create=False)
    assert integrity_ok(db)
    reports = db.rows("SELECT id FROM reports")
    for r in reports:
        (ext,) = db.rows("SELECT id, fact_count FROM extractions WHERE report_id = ?", (r["id"],))
        n = db.rows("SELECT COUNT(*) AS n FROM facts WHERE extraction_id = ?", (ext["id"],))[0]
        assert n["n"] == ext["fact_count"]
        sentences = db.rows("SELECT COUNT(*) AS n FROM sentences WHERE report_id = ?", (r["id"],))
        assert sentences[0]["n"] > 0
    orphans = db.rows(
        "SELECT COUNT(*) AS n FROM reports r WHERE NOT EXISTS"
        " (SELECT 1 FROM extractions e WHERE e.report_id = r.id)"
    )
    assert orphans[0]["n"] == 0
    db.close()
    return len(reports)


def test_a_killed_ingest_leaves_whole_reports_and_resumes(tmp_path: Path) -> None:
    corpus = require_corpus()
    db_path = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gwrkit", "ingest", str(corpus), "--db", str(db_path),
         "--workers", "1", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
        if db_path.exists():
            try:
                with sqlite3.connect(db_path, timeout=0.1) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
            except sqlite3.Error:
                continue
            if stored >= 5:
                break
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    partial = _whole_reports(db_path)
    total = len(manifest())  # the corpus grows: count it from its manifest
    assert 5 <= partial < total
    done = _gwrkit("ingest", str(corpus), "--db", str(db_path), "--quiet")
    assert done.returncode == 0, done.stderr
    assert f"{total - partial} added" in done.stderr and f"{partial} unchanged" in done.stderr
    assert _whole_reports(db_path) == total
    with sqlite3.connect(db_path) as conn:  # the killed run's reports completed too
        count = [
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("search_pending", "sentences_fts", "sentences", "pages")
        ]
    assert count[0] == 0 and count[1] == count[2] and count[3] == total


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "unknown database URL scheme 'mysql'"),
        ("sqlite://nohost.db", "malformed SQLite URL"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot connect"),
    ],
)
def test_bad_database_urls(url: str, message: str) -> None:
    code, err = _cli("reports", "--db", url)
    assert code == 1
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_folder_and_folder_as_database(tmp_path: Path) -> None:
    code, err = _cli("reports", "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert code == 1 and "no such database" in err  # a read never creates one
    code, err = _cli("ingest", str(SAMPLES), "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert code == 1 and "does not exist" in err
    code, err = _cli("reports", "--db", str(tmp_path))
    assert code == 1 and "is a folder" in err


def test_read_only_database(tmp_path: Path) -> None:
    """A database opened read-only (SQLite URI mode=ro) refuses writes with one line."""
    db = tmp_path / "ro.db"
    api.ingest([SAMPLES / "qinglan_2023.txt"], db, workers=1)
    before = db.stat().st_size
    code, err = _cli("ingest", str(SAMPLES), "--db", f"sqlite:///file:{db}?mode=ro", "--quiet")
    assert code == 1 and "cannot be written" in err and len(err.strip().splitlines()) == 1
    assert _whole_reports(db) == 1 and db.stat().st_size == before


def test_locked_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    api.ingest([SAMPLES / "qinglan_2023.txt"], db, workers=1)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, err = _cli("ingest", str(SAMPLES / "qinglan_2024.txt"), "--db", str(db), "--quiet")
    finally:
        holder.rollback()
        holder.close()
    assert code == 1 and "locked" in err and len(err.strip().splitlines()) == 1
    assert _whole_reports(db) == 1


def test_unknown_region_and_indicator_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    api.ingest([SAMPLES], db, workers=1)
    code, err = _cli("targets", "--db", str(db), "--region", "火星")
    assert code == 1 and "unknown region '火星'" in err
    code, err = _cli("series", "--db", str(db), "--region", "青岚州", "--indicator", "joy")
    assert code == 1 and "unknown indicator 'joy'" in err


def test_full_disk_loses_nothing(tmp_path: Path) -> None:
    """A write that runs out of room (SQLite's page limit standing in for a full disk)
    is a one-line error, and the reports stored before it stay whole."""
    path = tmp_path / "full.db"
    api.ingest([SAMPLES / "qinglan_2023.txt"], path, workers=1)
    db = open_database(path)
    pages = db.rows("PRAGMA page_count")[0]["page_count"]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(api.GwrkitError, match="full"):
        api.ingest([SAMPLES / "qinglan_2024.txt"], db, workers=1)
    db.close()
    assert _whole_reports(path) == 1


@pytest.mark.parametrize(
    ("module", "args", "extra"),
    [
        ("pandas", ["export", "--what", "reports", "--to", "xlsx"], "export"),
        ("pyarrow", ["export", "--what", "reports", "--to", "parquet"], "export"),
        ("psycopg", ["reports", "--db", "postgresql://postgres@127.0.0.1/test"], "postgres"),
        ("uvicorn", ["serve"], "web"),
    ],
)
def test_a_feature_whose_extra_is_missing_says_which_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, args: list[str], extra: str
) -> None:
    """Issue 12: the core installs without pandas, pyarrow, openpyxl, FastAPI or psycopg;
    a feature that needs one names the extra that installs it."""
    import sys

    db = tmp_path / "s.db"
    api.ingest([SAMPLES / "qinglan_2023.txt"], db, workers=1)
    monkeypatch.setitem(sys.modules, module, None)  # import now fails as if not installed
    if module != "psycopg":
        args = [*args, "--db", str(db)]
    if args[0] == "export":
        args = [*args, "--out", str(tmp_path / "out.bin")]
    code, err = _cli(*args)
    assert code != 0
    assert f"pip install 'gwrkit[{extra}]'" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


CORE_ONLY = """
import sys
for name in ("pandas", "pyarrow", "openpyxl", "fastapi", "uvicorn", "psycopg", "starlette",
             "jinja2", "multipart"):
    sys.modules[name] = None  # as in a plain `pip install gwrkit`: no extras
from click.testing import CliRunner
from gwrkit.cli import cli
samples, out = sys.argv[1], sys.argv[2]
db = out + "/core.db"
for args in (["extract", samples + "/qinglan_2024.txt"],
             ["ingest", samples, "--db", db, "--quiet", "--workers", "1"],
             ["reports", "--db", db], ["targets", "--db", db],
             ["export", "--db", db, "--what", "facts", "--to", "csv", "--out", out + "/f.csv"],
             ["export", "--db", db, "--what", "attainment", "--to", "json",
              "--out", out + "/a.json"]):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, (args, result.output)
print("ok")
"""


def test_the_core_works_without_any_extra(tmp_path: Path) -> None:
    """Read, extract, store in SQLite and export CSV/JSON need no extra (issue 12)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", CORE_ONLY, str(SAMPLES), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
