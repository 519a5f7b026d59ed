"""Text with a map back to the text it was derived from.

Every transformation gwrkit applies to a report (HTML tags removed, blank lines
dropped, a line break inside a sentence joined, stray spaces removed) is an *edit*:
replace ``original[start:end]`` by a new string.  :func:`apply_edits` performs a
sorted list of edits and returns the new text with an :class:`OffsetMap`, so that
any span of the new text can be turned back into the exact span of the original.
One-to-one character substitutions (full-width to half-width, traditional to
simplified) keep offsets and need no map.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Edit = tuple[int, int, str]

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x200B: 0x20})
_FULLWIDTH.update({0xFEFF: 0x20, 0x09: 0x20, 0x0D: 0x0A, 0x0B: 0x0A, 0x0C: 0x0A})
_FULLWIDTH.update({0x2028: 0x0A, 0x2029: 0x0A, 0x85: 0x0A})


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII forms and odd spaces to their plain forms, one char for one.

    >>> to_halfwidth("增长６．５％（预期）")
    '增长6.5%(预期)'
    """
    return text.translate(_FULLWIDTH)


@dataclass(frozen=True)
class OffsetMap:
    """Pieces of the new text, each tied to the piece of the old text it came from."""

    new_starts: tuple[int, ...]
    pieces: tuple[tuple[int, int, int, int], ...]  # (new_start, new_end, old_start, old_end)
    new_length: int
    old_length: int

    def start(self, pos: int) -> int:
        """The old offset where the character at new offset ``pos`` begins."""
        k = bisect_right(self.new_starts, pos) - 1
        if k < 0:
            return 0 if not self.pieces else self.pieces[0][2]
        ns, ne, os_, oe = self.pieces[k]
        if pos >= ne:
            return oe
        if ne - ns == oe - os_:
            return os_ + (pos - ns)
        return os_

    def end(self, pos: int) -> int:
        """The old offset just past the character at new offset ``pos - 1``."""
        if pos <= 0:
            return self.start(0)
        k = bisect_right(self.new_starts, pos - 1) - 1
        if k < 0:
            return self.start(0)
        ns, ne, os_, oe = self.pieces[k]
        if pos > ne:
            return oe
        if ne - ns == oe - os_:
            return os_ + (pos - ns)
        return oe


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping edits; return the new text and its map back."""
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    old = 0
    new = 0
    for start, end, repl in edits:
        if start < old:
            continue  # overlapping edit: the earlier one wins
        if start > old:
            parts.append(text[old:start])
            pieces.append((new, new + start - old, old, start))
            new += start - old
        if repl:
            parts.append(repl)
            pieces.append((new, new + len(repl), start, end))
            new += len(repl)
        old = end
    if old < len(text):
        parts.append(text[old:])
        pieces.append((new, new + len(text) - old, old, len(text)))
        new += len(text) - old
    starts = tuple(p[0] for p in pieces)
    return "".join(parts), OffsetMap(starts, tuple(pieces), new, len(text))


def regex_edits(pattern: re.Pattern[str], text: str, repl: str = "") -> list[Edit]:
    """One edit per match of ``pattern``, replacing it with ``repl``."""
    return [(m.start(), m.end(), repl) for m in pattern.finditer(text)]


@dataclass
class MappedText:
    """A derived text and the chain of maps that leads back to the original."""

    original: str
    text: str
    maps: list[OffsetMap] = field(default_factory=list)

    @classmethod
    def identity(cls, original: str) -> MappedText:
        return cls(original, original, [])

    def edit(self, edits: Sequence[Edit]) -> MappedText:
        """Apply edits to the current text, keeping the chain back to the original."""
        if not edits:
            return self
        new_text, new_map = apply_edits(self.text, edits)
        return MappedText(self.original, new_text, [*self.maps, new_map])

    def substitute(self, new_text: str) -> MappedText:
        """Replace the text by one of equal length (one-to-one character substitution)."""
        if len(new_text) != len(self.text):
            raise ValueError("substitute needs a text of the same length")
        return MappedText(self.original, new_text, list(self.maps))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        s, e = start, end
        for m in reversed(self.maps):
            if e <= s:
                s = e = m.start(s)
            else:
                s, e = m.start(s), m.end(e)
        return s, e
