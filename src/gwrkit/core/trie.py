"""A regular expression for a list of literal words, built as a trie so that matching
tries each next character once instead of every word in turn.

>>> import re
>>> pattern = re.compile(trie_pattern(["进出口", "进出口总额", "出口"]))
>>> [m.group() for m in pattern.finditer("进出口总额增长,出口增长")]
['进出口总额', '出口']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_END = ""


def trie_pattern(words: Iterable[str]) -> str:
    """A pattern matching any of ``words``, the longest one at each place."""
    root: dict[str, Any] = {}
    for word in words:
        if not word:
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = True
    return _pattern(root) or "(?!)"


def _pattern(node: dict[str, Any]) -> str:
    ends = _END in node
    branches = []
    singles = []
    for ch in sorted(k for k in node if k != _END):
        sub = _pattern(node[ch])
        if sub:
            branches.append(re.escape(ch) + sub)
        else:
            singles.append(re.escape(ch))
    if singles:
        branches.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    # a greedy ? tries the longer word before ending here
    return body + "?" if ends else body
