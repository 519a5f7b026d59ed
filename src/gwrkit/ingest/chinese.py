"""Traditional and simplified Chinese (OpenCC)."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def convert_t2s(text: str) -> str:
    """Traditional to simplified; simplified text comes back unchanged."""
    return str(_converter().convert(text))


def traditional_share(text: str) -> float:
    """Share of CJK characters that change under traditional→simplified conversion."""
    sample = text[:50_000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    if not cjk:
        return 0.0
    converted = convert_t2s(sample)
    if len(converted) != len(sample):
        return 1.0
    changed = sum(1 for a, b in zip(sample, converted, strict=True) if a != b)
    return changed / cjk
