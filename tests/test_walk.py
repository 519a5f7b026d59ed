"""The whole corpus ingested once, then every CLI command, every export and every
dashboard page walked on the resulting database (issue 12): nothing may fail, every
number shown must be traceable."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from gwrkit import api
from gwrkit.cli import cli
from gwrkit.serve.app import create_app

from .conftest import manifest, require_corpus


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    corpus = require_corpus()
    db = str(tmp_path_factory.mktemp("walk") / "corpus.db")
    summary = api.ingest([corpus], db, workers=2)
    assert summary.failed == 0 and summary.added == len(manifest())
    return db


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_every_collection_command_in_every_format(corpus_db: str) -> None:
    for fmt in ("table", "csv", "json"):
        for args in (
            ["reports"],
            ["targets"],
            ["targets", "--indicator", "gdp", "--level", "national"],
            ["series", "--indicator", "gdp", "--region", "中华人民共和国"],
            ["compare", "--year", "2025", "--indicator", "gdp"],
        ):
            code, out = _run(*args, "--db", corpus_db, "--format", fmt)
            assert code == 0, (args, fmt, out)
            assert out.strip(), (args, fmt)


def test_every_number_of_the_targets_csv_names_its_sentences(corpus_db: str) -> None:
    code, out = _run("targets", "--db", corpus_db, "--format", "csv", "--indicator", "gdp")
    assert code == 0
    rows = list(
        csv.DictReader(io.StringIO(out.split("\n", 1)[1] if out.startswith("note") else out))
    )
    assert rows
    for r in rows:
        if r["target_value"]:
            assert r["target_quote"] and r["target_report"], r
        if r["outcome_value"]:
            assert r["outcome_quote"] and r["outcome_report"], r


@pytest.mark.parametrize("to", ["csv", "xlsx", "json", "parquet", "dta"])
def test_every_export(corpus_db: str, tmp_path: Path, to: str) -> None:
    for what, extra in (
        ("reports", []),
        ("facts", []),
        ("facts", ["--all"]),
        ("attainment", []),
        ("series", ["--indicator", "gdp"]),
        ("series", ["--region", "青海省"]),
    ):
        out = tmp_path / f"{what}{len(extra)}.{to}"
        code, text = _run(
            "export", "--db", corpus_db, "--what", what, "--to", to, "--out", str(out), *extra
        )
        assert code == 0, (what, extra, text)
        assert out.exists() and out.stat().st_size > 0


def test_every_reading_command_on_a_report(corpus_db: str) -> None:
    path = str(require_corpus() / "county" / "gaotang_2021.txt")
    for args in (
        ["parse"],
        ["extract"],
        ["extract", "--all", "--format", "csv"],
        ["coverage"],
        ["audit"],
    ):
        code, out = _run(*args, path)
        assert code == 0, (args, out)
    code, out = _run("regions", "高唐县", "--year", "2021", "--format", "json")
    assert code == 0 and json.loads(out)


def test_every_dashboard_page_and_its_json_twin(corpus_db: str) -> None:
    app = TestClient(create_app(corpus_db))
    for path in ("/", "/reports", "/targets", "/indicator", "/search?q=粮食", "/api/reports",
                 "/api/targets", "/api/indicator", "/api/search?q=粮食"):  # fmt: skip
        r = app.get(path)
        assert r.status_code == 200, path
    reports: list[dict[str, Any]] = app.get("/api/reports").json()["reports"]
    assert len(reports) == len(manifest())
    for rep in reports:  # every reader page and its JSON
        page = app.get(f"/reports/{rep['id']}")
        assert page.status_code == 200, rep["name"]
        data = app.get(f"/api/reports/{rep['id']}").json()
        for fact in data["facts"][:3]:
            assert app.get(f"/api/facts/{fact['id']}").status_code == 200


def test_every_link_of_the_targets_page_lands_on_its_number(corpus_db: str) -> None:
    """Issue 13: 120 of 1,262 #fact-N links from /targets had no element in the reader
    (one of two overlapping facts was not drawn)."""
    import re

    app = TestClient(create_app(corpus_db))
    links: list[tuple[str, str]] = []
    offset: int | None = 0
    while offset is not None:  # every page of the table
        page = app.get(f"/targets?offset={offset}").text
        links += re.findall(r'href="/reports/(\d+)#fact-(\d+)"', page)
        more = re.search(r'offset=(\d+)">next', page)
        offset = int(more.group(1)) if more else None
    total = app.get("/api/targets?limit=1").json()["total"]
    assert total > 500 and len(links) > total  # targets and outcomes
    pages: dict[str, str] = {}
    missing = []
    for rid, fid in links:
        if rid not in pages:
            pages[rid] = app.get(f"/reports/{rid}").text
        if f'id="fact-{fid}"' not in pages[rid]:
            missing.append((rid, fid))
    assert not missing, missing[:10]


def test_a_chart_draws_one_unit(corpus_db: str) -> None:
    """Issue 13: grain output targets of 2025 came in 万吨, 亿斤 and 万亿斤 and were drawn
    on one axis as plain numbers, and the national line (1.4万亿斤) was subtracted from
    1955 (万吨).  Now every bar and the national line are in one unit."""
    from gwrkit.serve.pages import indicator

    db = api.open_store(corpus_db)
    try:
        data = indicator.view(db, "grain_output", "中华人民共和国", 2025, "province", "level")
    finally:
        db.close()
    units = {c.target_unit for c in data["compare"]}
    assert len(units) > 1  # the reports state it in several units
    yunnan = next(c for c in data["compare"] if c.region == "云南省")
    assert (yunnan.target_value, yunnan.target_unit) == (1955.0, "万吨")
    assert yunnan.national_target == 70000.0  # 1.4万亿斤 in 万吨
    assert yunnan.gap_to_national == 1955.0 - 70000.0
    charts = indicator.charts(data)
    assert "(亿斤)" in str(charts["compare_svg"])  # the axis says its unit
    assert api.in_unit(1955.0, "万吨", "亿斤") == 391.0
