"""Decode the bytes of a text or HTML file, detecting the Chinese encoding.

Order: BOM → strict UTF-8 → a charset declared in an HTML page → charset-normalizer.
GBK and GB2312 are read as GB18030, their superset.  A decode that leaves many
replacement or private-use characters is refused rather than guessed.
"""

from __future__ import annotations

import codecs
import re

from gwrkit.core.errors import IngestError
from gwrkit.ingest.chinese import cjk_count

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-]{2,20})""", re.I)
_GB_FAMILY = {"gbk", "gb2312", "gb18030", "cp936", "gb_2312", "euc_cn", "euc-cn", "hz"}


def _canonical(name: str) -> str:
    name = name.lower().replace("_", "-")
    if name in {n.replace("_", "-") for n in _GB_FAMILY} or name.startswith("gb"):
        return "gb18030"
    if name in {"big5hkscs", "big5-hkscs", "cp950"}:
        return "big5hkscs"
    return name


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: CJK text has a zero byte in few places, ASCII in every other."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zero > half * 0.2 and even_zero < half * 0.02:
        return "utf-16-le"
    if even_zero > half * 0.2 and odd_zero < half * 0.02:
        return "utf-16-be"
    return None


def _bad_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    bad += sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / len(text)


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`IngestError` naming ``path``."""
    if not data.strip():
        raise IngestError(path, "the file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise IngestError(path, f"bytes are not valid {enc}: {exc.reason}") from None
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8000]:
        raise IngestError(path, "binary data, not text (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        candidates.append(_canonical(declared.group(1).decode("ascii", "replace")))
    candidates.extend(_detected(data))
    candidates.append("gb18030")
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _bad_share(text) < 0.001 and _cjk_share(text) > 0.05:
            return text, enc
    raise IngestError(path, "cannot decode the bytes as Chinese text in any known encoding")


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return cjk_count(sample) / len(sample)


def _detected(data: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "big5hkscs", "utf_8"])
    names = [m.encoding for m in best]
    return [_canonical(n) for n in names]
