"""Traditional and simplified Chinese (OpenCC)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def convert_t2s(text: str) -> str:
    """Traditional to simplified; simplified text comes back unchanged."""
    return str(_converter().convert(text))


_CJK_RUN = re.compile("[\u4e00-\u9fff]+")


def cjk_count(text: str) -> int:
    """How many CJK ideographs ``text`` holds."""
    return sum(len(run) for run in _CJK_RUN.findall(text))


def traditional_share(text: str) -> float:
    """Share of CJK characters that change under traditional→simplified conversion."""
    sample = text[:50_000]
    cjk = cjk_count(sample)
    if not cjk:
        return 0.0
    converted = convert_t2s(sample)
    if converted == sample:
        return 0.0  # simplified text, the usual case: no character by character count
    if len(converted) != len(sample):
        return 1.0
    changed = sum(1 for a, b in zip(sample, converted, strict=True) if a != b)
    return changed / cjk
