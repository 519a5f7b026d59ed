"""Split a paragraph into sentences on 。！？； keeping quotes and brackets whole."""

from __future__ import annotations

import re

_MARKS = re.compile(r"[“”‘’()《》「」『』\[\]【】。!?;…]")
_OPEN = {"“": "”", "‘": "’", "(": ")", "《": "》", "「": "」", "『": "』", "[": "]", "【": "】"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_TERMINAL = frozenset("。!?;")
_TRAILERS = frozenset("”’)》」』]】")
MAX_QUOTE = 200


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: each ends after its terminal mark and closing quotes.

    >>> t = "他说:“增长5%。”今年目标是5%左右;力争更好。"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['他说:“增长5%。”', '今年目标是5%左右;', '力争更好。']
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    start = 0
    n = len(text)
    for m in _MARKS.finditer(text):
        ch = m.group()
        pos = m.start()
        if pos < start:
            continue
        if ch in _OPEN and not (ch == "’" or ch == "”"):
            stack.append((ch, pos))
            continue
        if ch in _CLOSE:
            if stack and stack[-1][0] == _CLOSE[ch]:
                stack.pop()
                if not stack and pos > start and text[pos - 1] in _TERMINAL:
                    start = _close_sentence(text, start, pos, spans)
            continue
        if ch not in _TERMINAL:
            continue
        if stack and pos - stack[-1][1] <= MAX_QUOTE:
            continue
        stack.clear()
        start = _close_sentence(text, start, pos, spans)
    if start < n and text[start:].strip():
        spans.append((start, n))
    return spans


def _close_sentence(text: str, start: int, pos: int, spans: list[tuple[int, int]]) -> int:
    """End the sentence begun at ``start`` after the mark at ``pos``; return the next start."""
    n = len(text)
    end = pos + 1
    while end < n and (text[end] in _TERMINAL or text[end] in _TRAILERS):
        if text[end] in _TRAILERS and not _closes_open(text, start, end):
            break
        end += 1
    spans.append((start, end))
    return end


def _closes_open(text: str, start: int, pos: int) -> bool:
    """Whether the closer at ``pos`` matches an opener inside ``text[start:pos]``."""
    opener = _CLOSE.get(text[pos])
    if opener is None:
        return False
    return text.count(opener, start, pos) > text.count(text[pos], start, pos)
