"""Chinese numerals: 二〇二六 → 2026, 二十七 → 27, 一千二百 → 1200, 百分之六 → 6."""

from __future__ import annotations

DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}


# stand-ins for 〇 in digit-by-digit years typed on a keyboard: 二0一0, 二O一六
ZERO_STAND_INS = {"0": 0, "O": 0, "o": 0, "Ｏ": 0, "０": 0}


def digit_string(text: str) -> int | None:
    """Digit-by-digit numerals (years): 二〇二六 → 2026, 二0一0 → 2010, 二O一六 → 2016."""
    if not text or not any(ch in DIGITS for ch in text):
        return None
    digits = {**ZERO_STAND_INS, **DIGITS}
    if any(ch not in digits for ch in text):
        return None
    return int("".join(str(digits[ch]) for ch in text))


def cn_to_int(text: str) -> int | None:
    """Positional Chinese numerals up to 亿: 二十七 → 27, 一千二百 → 1200; None if not one."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total = 0
    section = 0
    number = 0
    seen = False
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
            seen = True
        elif ch in UNITS:
            section += (number or 1) * UNITS[ch]
            number = 0
            seen = True
        elif ch in BIG:
            total += (section + number) * BIG[ch]
            section = number = 0
            seen = True
        else:
            return None
    return total + section + number if seen else None


def any_int(text: str) -> int | None:
    """Arabic digits, digit-by-digit numerals or positional numerals."""
    if text.isdigit():
        return int(text)
    value = digit_string(text)
    if value is not None and len(text) >= 3:
        return value
    return cn_to_int(text)
