"""The offset map: every derived span leads back to the exact original text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gwrkit.core.text import MappedText, apply_edits, to_halfwidth


def test_halfwidth_is_one_for_one() -> None:
    text = "增长６．５％（预期）　ＧＤＰ，１２３"
    assert to_halfwidth(text) == "增长6.5%(预期) GDP,123"
    assert len(to_halfwidth(text)) == len(text)


def test_deletions_and_replacements_map_back() -> None:
    original = "<p>地区生产总值&amp;增长</p>\n<p>5.5%</p>"
    mt = MappedText.identity(original)
    edits = [
        (m.start(), m.end(), "\n" if m.group() == "</p>" else "")
        for m in re.finditer(r"</?p>", original)
    ]
    mt = mt.edit(edits)
    amp = mt.text.index("&amp;")
    mt = mt.edit([(amp, amp + 5, "&")])
    assert mt.text == "地区生产总值&增长\n\n5.5%\n"
    s = mt.text.index("增长")
    a, b = mt.to_original(s, s + 2)
    assert original[a:b] == "增长"
    s = mt.text.index("&")
    a, b = mt.to_original(s, s + 1)
    assert original[a:b] == "&amp;"
    s = mt.text.index("5.5%")
    a, b = mt.to_original(s, s + 4)
    assert original[a:b] == "5.5%"


_chars = st.text(alphabet="ab增长%5 \n<>", max_size=60)


@given(_chars, st.data())
def test_random_deletions_keep_kept_text(text: str, data: st.DataObject) -> None:
    """After deleting random ranges, each surviving char maps to the same char."""
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=8))))
    edits = [(cuts[i], cuts[i + 1], "") for i in range(0, len(cuts) - 1, 2)]
    new, m = apply_edits(text, edits)
    mt = MappedText(text, new, [m])
    for i, ch in enumerate(new):
        a, b = mt.to_original(i, i + 1)
        assert text[a:b] == ch
    if new:
        a, b = mt.to_original(0, len(new))
        assert 0 <= a <= b <= len(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="一二进出口总额", min_size=1, max_size=4), max_size=8),
    st.text(alphabet="一二进出口总额,", max_size=40),
)
def test_the_word_finder_finds_what_the_trie_regex_finds(words: list[str], text: str) -> None:
    # WordFinder (an Aho-Corasick automaton) stands in for finditer of the trie regex
    # where whole texts are scanned (place names): the same words at the same places
    from gwrkit.core.trie import WordFinder, trie_pattern

    pattern, finder = re.compile(trie_pattern(words)), WordFinder(words)
    for start in (0, len(text) // 3):
        expected = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text, start)]
        assert finder.find(text, start) == expected
