"""The region of a report inferred from its body, when no opening line names it.

Many web copies start at 各位代表 or at the first heading.  The body still says who is
speaking: the government's own word for itself (全市, 我县, 全州 …, counted), and the
place names it uses, most often its own (驻马店, 安顺) and those of its parts (its
counties).  The region is the division whose name is used most among those that fit the
self-word, when it clearly leads; otherwise none, with the candidates.  Rules and
stop-words: ``rules/places.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from gwrkit.core.rules import load_yaml
from gwrkit.core.trie import WordFinder
from gwrkit.ingest.regions import (
    Division,
    abbreviation,
    all_divisions,
    by_code,
    candidates,
    name_keys,
    short_name,
)


@dataclass(frozen=True)
class Inference:
    """The inferred division (or None), the self-word, the evidence and the candidates."""

    division: Division | None
    self_word: str | None
    evidence: str
    candidates: tuple[tuple[str, float], ...]


@cache
def _rules() -> dict[str, object]:
    return load_yaml("places.yaml")


@cache
def _names() -> WordFinder:
    stop = set(_stop_words())
    return WordFinder(k for k in name_keys() if len(k) >= 2 and k not in stop)


def _stop_words() -> tuple[str, ...]:
    words = _rules().get("not_place_names", [])
    return tuple(str(w) for w in words) if isinstance(words, list) else ()


@cache
def _self_pattern() -> re.Pattern[str]:
    return re.compile(str(_rules()["self_word"]["pattern"]))  # type: ignore[index]


def _used_words(counts: Counter[str]) -> list[tuple[str, str | None]]:
    """The (self-word, level) pairs of ``order`` used often enough, lowest level first."""
    rules = _rules()["self_word"]
    top = max(counts.values(), default=0)
    least = int(rules["min_count"])  # type: ignore[index]
    share = float(rules["min_share"])  # type: ignore[index]
    out: list[tuple[str, str | None]] = []
    for item in rules["order"]:  # type: ignore[index]
        word, _, level = str(item).partition(":")
        if counts[word] >= least and counts[word] >= share * top:
            out.append((word, level or None))
    return out


def self_word(text: str) -> tuple[str | None, Counter[str]]:
    """The word the government uses for its own area (市, 县, 州, 区, 省, 旗, 盟).

    A government also names the levels above it (全省 in a prefecture's report), never the
    levels below it as itself, so the lowest-level word used often enough wins.
    """
    counts: Counter[str] = Counter(m.group("word") for m in _self_pattern().finditer(text))
    used = _used_words(counts)
    return (used[0][0] if used else None), counts


@cache
def _other_place() -> tuple[re.Pattern[str], re.Pattern[str]]:
    spec = _rules()["other_place"]
    return re.compile(str(spec["before"])), re.compile(str(spec["after"]))  # type: ignore[index]


def name_counts(text: str) -> Counter[str]:
    """How often each place name of the division table occurs in ``text`` as a place the
    report could be about (not a partner, a grouping or a company's seat: ``other_place``
    of places.yaml)."""
    before, after = _other_place()
    return Counter(
        name
        for start, end, name in _names().find(text)
        if not before.search(text, max(0, start - 4), start) and not after.match(text, end)
    )


@cache
def _children() -> dict[str, tuple[Division, ...]]:
    out: dict[str, list[Division]] = {}
    for d in all_divisions():
        if d.parent:
            out.setdefault(d.parent, []).append(d)
    return {k: tuple(v) for k, v in out.items()}


def _own_count(d: Division, names: Counter[str]) -> int:
    """Mentions of a division: its full, official, abbreviated and short names (short names
    that are common words are never counted, see ``not_place_names``)."""
    return sum(names[k] for k in {d.name, d.full_name, abbreviation(d), short_name(d.name)})


def _scores(
    names: Counter[str], year: int | None, word: str | None, level: str | None = None
) -> Counter[str]:
    """Support for each division: its own names, and a share of its children's names."""
    found: dict[str, Division] = {}
    for name in names:
        for d in candidates(name, year):
            if year is None or d.in_use(year - 1) or d.in_use(year):
                found[d.code] = d
    own = {code: _own_count(d, names) for code, d in found.items()}
    score: dict[str, float] = {}
    child_weight = float(_rules().get("child_weight", 0.5))  # type: ignore[arg-type]
    for code, d in found.items():
        if (word and d.self_word != word) or (level and d.level != level) or not own[code]:
            continue
        kids = {k.code for k in _children().get(code, ())}
        score[code] = own[code] + child_weight * sum(own.get(k, 0) for k in kids)
    return Counter(score)


def infer_region(text: str, year: int | None, hint: str | None = None) -> Inference:
    """The division a report's body speaks for; ``hint`` is a self-word already known
    (我代表市人民政府 → 市).  Self-words are tried from the lowest level up (区 as a
    district before 区 as an autonomous region); the first whose names reach ``min_count``
    decides: its leader when it leads clearly, otherwise none."""
    _word, words = self_word(text)
    names = name_counts(text)
    said = ", ".join(f"全{w}/我{w} ×{n}" for w, n in words.most_common(2)) or "no self-word"
    listed: tuple[tuple[str, float], ...] = ()
    for word, level in _tries(words, hint):
        score = _scores(names, year, word, level)
        ranked = score.most_common(5)
        if not ranked:
            continue
        labelled = tuple((_label(code, year), round(n, 1)) for code, n in ranked)
        listed = listed or labelled
        best, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if top < _number("min_count"):
            continue
        if top < _number("lead") * second:
            break  # split evidence at the government's own level: never climb past it
        evidence = f"{said}; names counted: " + ", ".join(f"{n} {s}" for s, n in labelled[:3])
        division = by_code(best, year)
        if division is not None:  # always: scored codes come from the table
            return Inference(division, word, evidence, labelled)
    evidence = f"{said}; names counted: " + ", ".join(f"{n} {s}" for s, n in listed[:3])
    return Inference(None, hint or _word, evidence if listed else f"{said}; no name fits", listed)


def _number(key: str) -> float:
    return float(_rules()[key])  # type: ignore[arg-type]


def _tries(words: Counter[str], hint: str | None) -> list[tuple[str | None, str | None]]:
    """(self-word, level) pairs to try, lowest level first; only the hint when given."""
    if hint:
        return [(hint, None)]
    return list(_used_words(words)) or [(None, None)]


def _label(code: str, year: int | None) -> str:
    d = by_code(code, year)
    return f"{d.full_name} {code}" if d is not None else code


def names_in(text: str, year: int | None) -> list[Division]:
    """The divisions named in a short text (a file name), one per distinct name."""
    out: list[Division] = []
    for name in name_counts(text):
        found = candidates(name, year)
        if len(found) == 1:
            out.append(found[0])
    return out
