"""Shared fixtures: the corpus in ../shared/corpus (env GWRKIT_CORPUS), the samples."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def corpus_dir() -> Path:
    return Path(os.environ.get("GWRKIT_CORPUS", ROOT.parent / "shared" / "corpus"))


def gold_dir() -> Path:
    return Path(os.environ.get("GWRKIT_GOLD", corpus_dir().parent / "gold"))


def require_corpus() -> Path:
    """The corpus folder; skip with a reason when it is missing, fail under CI."""
    path = corpus_dir()
    if not (path / "MANIFEST.tsv").exists():
        message = f"corpus not found at {path} (set GWRKIT_CORPUS)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def manifest() -> list[dict[str, str]]:
    path = corpus_dir() / "MANIFEST.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def divisions_csv() -> Path:
    return corpus_dir().parent / "divisions" / "areacodes_result.csv"


def _division_path(r: dict[str, str]) -> str:
    if r["级别"] == "省级":
        return r["名称"]
    if r["级别"] == "地级" or r["二级行政区"] in {"", "直辖"}:
        return r["一级行政区"] + r["名称"]
    return r["一级行政区"] + r["二级行政区"] + r["名称"]


def _in_use(r: dict[str, str], year: int) -> bool:
    end = r["变更/弃用时间"]
    return int(r["启用时间"]) <= year and (not end or year < int(end))


def expected_code(region: str, level: str, year: int) -> str | None:
    """The division code of a manifest region in use when a report of ``year`` was
    delivered (the list of 31 December of year-1, else of the year), read from
    ../shared/divisions directly, not through gwrkit's own table."""
    if level == "national":
        return "100000"
    with divisions_csv().open(encoding="utf-8-sig") as fh:
        records = list(csv.DictReader(fh))
    named = [r for r in records if _division_path(r) == region] or [
        r for r in records if r["名称"] == region
    ]
    for y in (year - 1, year):
        codes = {r["代码"] for r in named if _in_use(r, y)}
        if len(codes) == 1:
            return codes.pop()
    return None


def with_xfail(ids: list[Any], reasons: dict[Any, str]) -> list[Any]:
    """Parameters with a strict expected failure (and its reason) on the listed ones; a case
    that starts passing fails the run until it leaves the list."""
    return [
        pytest.param(
            *(i if isinstance(i, tuple) else (i,)),
            marks=pytest.mark.xfail(strict=True, reason=reasons[i]),
        )
        if i in reasons
        else i
        for i in ids
    ]


def manifest_ids() -> list[str]:
    rows = manifest()
    return [r["path"] for r in rows] or ["<no corpus>"]


@pytest.fixture
def corpus() -> Path:
    return require_corpus()


PG_URL = os.environ.get("GWRKIT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_schema_url() -> tuple[str, str]:
    """A fresh schema on the test PostgreSQL server, and the URL that uses it."""
    import uuid

    import psycopg

    schema = "gw_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(PG_URL, connect_timeout=3, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.Error as exc:
        message = f"PostgreSQL not reachable at {PG_URL}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    sep = "&" if "?" in PG_URL else "?"
    return schema, f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def _drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """An empty database of each kind: a SQLite file, and a schema on a real server."""
    if request.param == "sqlite":
        yield str(tmp_path / "gwrkit.db")
        return
    schema, url = _pg_schema_url()
    yield url
    _drop_schema(schema)
