"""Sentence splitting on real report text: 。！？； with quotes and brackets kept whole."""

from __future__ import annotations

import pytest

from gwrkit.structure.sentences import split_sentences

CASES = [
    # (source, paragraph, expected sentences)
    (
        "qinghai_2026",
        "今年发展主要预期目标是:全省地区生产总值增长4.5%左右、力争更好结果;城镇新增就业6万人以上。",
        [
            "今年发展主要预期目标是:全省地区生产总值增长4.5%左右、力争更好结果;",
            "城镇新增就业6万人以上。",
        ],
    ),
    (
        "china_2024",
        "坚持稳中求进工作总基调,“稳”是大局和基础。“进”是方向和动力。",
        ["坚持稳中求进工作总基调,“稳”是大局和基础。", "“进”是方向和动力。"],
    ),
    (
        "quote with inner full stop",
        "习近平总书记强调:“要坚持稳中求进。”我们坚决贯彻落实!",
        ["习近平总书记强调:“要坚持稳中求进。”", "我们坚决贯彻落实!"],
    ),
    (
        "brackets",
        "出台《关于促进民营经济发展的若干措施(试行;修订)》。全年新增经营主体10万户。",
        ["出台《关于促进民营经济发展的若干措施(试行;修订)》。", "全年新增经营主体10万户。"],
    ),
    ("no terminal", "二、2025年工作安排", ["二、2025年工作安排"]),
]


@pytest.mark.parametrize(("source", "paragraph", "expected"), CASES, ids=[c[0] for c in CASES])
def test_split(source: str, paragraph: str, expected: list[str]) -> None:
    assert [paragraph[s:e] for s, e in split_sentences(paragraph)] == expected


def test_unbalanced_quote_does_not_swallow_the_paragraph() -> None:
    text = (
        "“十四五”规划顺利收官。"
        + "全面推进乡村振兴。" * 30
        + "“未闭合的引号开始了。"
        + "继续推进改革。" * 40
    )
    spans = split_sentences(text)
    assert len(spans) > 30
    assert "".join(text[s:e] for s, e in spans) == text
