"""Headline facts of real report sentences (tests/cases/facts.yaml): each case's text is
checked to be in its report, then the facts extracted from it must be exactly those
expected — no more, no fewer.  Negatives (ranks, comparisons, parts of an indicator,
sector figures, numbers in names) expect no fact."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from gwrkit import api
from gwrkit.extract.context import Context
from gwrkit.extract.facts import Fact, extract_text

from .conftest import require_corpus

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "facts.yaml").read_text(encoding="utf-8")
)["cases"]


def _row(f: Fact) -> tuple[Any, ...]:
    return (
        f.indicator,
        f.measure,
        f.status,
        f.period,
        f.value,
        f.low,
        f.high,
        f.unit,
        f.modifier,
        f.stretch,
        f.direction,
    )


def _expected(row: list[Any]) -> tuple[Any, ...]:
    return tuple(float(x) if isinstance(x, int) and not isinstance(x, bool) else x for x in row)


@cache
def _body(report: str) -> str:
    """The text of a corpus report, a .txt web copy or a .docx file."""
    txt = require_corpus() / f"{report}.txt"
    return api.parse(txt if txt.exists() else txt.with_suffix(".docx")).text


def _id(case: dict[str, Any]) -> str:
    return f"{case['report']}:{case['text'][:24]}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_facts_of_sentence(case: dict[str, Any]) -> None:
    assert case["text"] in _body(case["report"]), "the case text is not in its report"
    ctx = Context(**case["context"])
    facts = extract_text(case["text"], ctx, 0, case.get("before", ""))
    got = Counter(_row(f) for f in facts)
    want = Counter(_expected(r) for r in case["facts"])
    assert got == want
    for f in facts:  # every fact points at text that holds its subject and number
        assert 0 <= f.nstart < f.nend <= len(case["text"])


def test_case_table_is_broad() -> None:
    """At least 150 cases, across all four levels, with negatives among them."""
    assert len(CASES) >= 150
    levels = {c["report"].split("/")[0] for c in CASES}
    assert levels == {"national", "province", "prefecture", "county"}
    assert {c["split"] for c in CASES} == {"dev", "regression", "negative"}
    negatives = [c for c in CASES if c["split"] == "negative"]
    assert len(negatives) >= 30 and all(not c["facts"] and c.get("why") for c in negatives)
    years = {c["report"].rsplit("_", 1)[1] for c in CASES}
    assert len(years) >= 10
