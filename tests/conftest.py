"""Shared fixtures: the corpus in ../shared/corpus (env GWRKIT_CORPUS), the samples."""

from __future__ import annotations

import csv
import os
from pathlib import Path

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
