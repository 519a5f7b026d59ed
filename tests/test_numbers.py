"""Numbers in real sentences (tests/cases/numbers.yaml), and a fuzz run of the parser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gwrkit.extract.numbers import find_numbers

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "numbers.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["sentence"] for c in CASES])
def test_numbers_in_sentence(case: dict[str, Any]) -> None:
    found = find_numbers(case["sentence"])
    got = [[n.text, [n.low, n.high] if n.value is None else n.value] for n in found]
    assert got == case["numbers"]
    for n in found:
        assert case["sentence"][n.start : n.end] == n.text


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.,%-—至到万亿千百十一二两三点个分之〇年增长瓦米")),
        max_size=40,
    )
)
def test_parser_never_raises_and_spans_are_exact(text: str) -> None:
    from gwrkit.extract.numbers import _NUMBER, _number

    found = find_numbers(text)
    for n in found:
        assert text[n.start : n.end] == n.text
        assert (n.value is None) == (n.low is not None)
        if n.low is not None and n.high is not None:
            assert n.low <= n.high
    # find_numbers tries the regex only where a number can start (_FIRST): it must find
    # what a plain scan of the regex finds, no more and no less
    scanned = [(m.start(), n.end) for m in _NUMBER.finditer(text) if (n := _number(m))]
    assert [(n.start, n.end) for n in found] == scanned


def test_numbers_of_a_real_sentence_are_the_regexs_own_matches() -> None:
    from gwrkit.extract.numbers import _NUMBER

    text = (
        "全年地区生产总值增长5.2%左右,一般公共预算收入1,234.5亿元,百分之六十的县(市、区)"
        "实现“一网通办”,单位GDP能耗下降两到三个百分点,到二〇三五年基本实现现代化,4.5%—5%"
    )
    assert [n.text for n in find_numbers(text)] == [m.group() for m in _NUMBER.finditer(text)]
    assert [n.text for n in find_numbers(text)] == [
        "5.2%",
        "1,234.5亿",
        "百分之六十",
        "两到三个百分点",
        "二〇三五年",
        "4.5%—5%",
    ]
