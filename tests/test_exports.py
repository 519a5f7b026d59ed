"""Exports read back with each format's own reader and compared with the database."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from gwrkit import api
from gwrkit.cli import cli
from gwrkit.exports import dictionary, stata_name

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("exports") / "s.db"
    api.ingest([SAMPLES], db, workers=1)
    return db


def _expected(db: Path, what: str) -> list[dict[str, Any]]:
    if what == "facts":
        return [api.to_json(f) for f in api.facts(db)]
    if what == "reports":
        return [api.to_json(r) for r in api.reports(db)]
    if what == "series":
        return [api.to_json(p) for p in api.series("gdp", "青岚州", db)]
    return [api.to_json(a) for a in api.attainment(db)]


def _same(a: Any, b: Any) -> bool:
    if a in (None, "") and (b in (None, "") or (isinstance(b, float) and math.isnan(b))):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b) or str(a).lower() == str(b).lower()
    if isinstance(a, int | float) or isinstance(b, int | float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return str(a) == str(b)


def _compare(got: list[dict[str, Any]], want: list[dict[str, Any]], what: str) -> None:
    columns = list(dictionary(what))
    assert len(got) == len(want) > 0
    for g, w in zip(got, want, strict=True):
        for c in columns:
            assert _same(w.get(c), g.get(c)), (c, w.get(c), g.get(c))


def _export(db: Path, what: str, to: str, out: Path) -> None:
    args = ["export", "--db", str(db), "--what", what, "--to", to, "--out", str(out)]
    if what == "series":
        args += ["--indicator", "gdp", "--region", "青岚州"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr


WHAT = ["reports", "facts", "attainment", "series"]


@pytest.mark.parametrize("what", WHAT)
def test_csv(sample_db: Path, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.csv"
    _export(sample_db, what, "csv", out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        got = list(csv.DictReader(fh))
    _compare(got, _expected(sample_db, what), what)
    side = out.with_name(f"{what}.dictionary.csv")
    with side.open(encoding="utf-8-sig", newline="") as fh:
        labels = {r["variable"]: r["label"] for r in csv.DictReader(fh)}
    assert labels == dictionary(what)


@pytest.mark.parametrize("what", WHAT)
def test_xlsx(sample_db: Path, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.xlsx"
    _export(sample_db, what, "xlsx", out)
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book["data"].iter_rows(values_only=True))
    got = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    _compare(got, _expected(sample_db, what), what)
    labels = {r[0]: r[1] for r in list(book["dictionary"].iter_rows(values_only=True))[1:]}
    assert labels == dictionary(what)


@pytest.mark.parametrize("what", WHAT)
def test_json(sample_db: Path, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.json"
    _export(sample_db, what, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    _compare(data["rows"], _expected(sample_db, what), what)
    assert {v["name"]: v["label"] for v in data["variables"]} == dictionary(what)


@pytest.mark.parametrize("what", WHAT)
def test_parquet(sample_db: Path, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.parquet"
    _export(sample_db, what, "parquet", out)
    table = pq.read_table(out)
    _compare(table.to_pylist(), _expected(sample_db, what), what)
    name, label = next(iter(dictionary(what).items()))
    assert table.schema.field(name).metadata[b"description"].decode() == label


@pytest.mark.parametrize("what", WHAT)
def test_stata(sample_db: Path, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.dta"
    _export(sample_db, what, "dta", out)
    frame = pd.read_stata(out, convert_missing=False)
    # Stata keeps `end` for itself: that one variable is `end_` (exports.stata_name)
    frame = frame.rename(columns={stata_name(c): c for c in dictionary(what)})
    got = frame.to_dict("records")
    _compare(got, _expected(sample_db, what), what)
    with pd.io.stata.StataReader(out) as reader:
        labels = reader.variable_labels()
    assert labels == {stata_name(k): v[:80] for k, v in dictionary(what).items()}


def test_frames_on_request(sample_db: Path) -> None:
    frame = api.to_frame(api.attainment(sample_db))
    assert list(frame.columns)[:3] == ["region", "admin_code", "level"]
    assert len(frame) == len(api.attainment(sample_db))
    polars_frame = api.to_frame(api.facts(sample_db), kind="polars")
    assert polars_frame.height == len(api.facts(sample_db))
