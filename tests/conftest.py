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
