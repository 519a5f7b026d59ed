"""Follow-through: each commitment of year Y linked to the statement of the next year's
review that reports its result — the same thing (the commitment's metric words), a
number of the same kind — with a verdict that respects the modifier and the direction:
met (within the tolerance), exceeded, short, no_number (done, no comparable number) or
not_reported."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gwrkit.core.schema import Commitment, Fact, FollowUp
from gwrkit.core.units import parse_unit

_GENERIC = "全年今年新增完成实现推进建设改造开工累计达到提高增加降低减少再力争确保全面持续"


@dataclass(frozen=True)
class Tolerance:
    """How far a result may miss a promise and count as met (relative)."""

    relative: float = 0.02


@dataclass(frozen=True)
class ReviewSentence:
    """A sentence of the next year's review part, where a result may be said."""

    start: int
    end: int
    text: str


def _bigrams(text: str) -> set[str]:
    kept = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    grams = {kept[i : i + 2] for i in range(len(kept) - 1)}
    return {g for g in grams if not (g[0] in _GENERIC and g[1] in _GENERIC)}


def _overlap(metric: str, text: str) -> float:
    mine = _bigrams(metric)
    return len(mine & _bigrams(text)) / len(mine) if mine else 0.0


def _dim(unit: str | None) -> str | None:
    u = parse_unit(unit)
    return u.dim if u else None


def _base(value: float | None, unit: str | None) -> float | None:
    u = parse_unit(unit)
    return None if value is None or u is None else value * u.factor


def verdict(c: Commitment, o: Fact, tol: Tolerance) -> str:
    """met, exceeded or short: the reported result against the promise."""
    promised = _base(c.value if c.value is not None else c.low, c.unit)
    reported = _base(o.value if o.value is not None else o.low, o.unit)
    if promised is None or reported is None or promised == 0:
        return "no_number"
    ratio = reported / promised
    if c.modifier == "at_most":
        return "met" if ratio <= 1 + tol.relative else "short"
    if ratio > 1 + tol.relative:
        return "exceeded"
    if ratio < 1 - tol.relative:
        return "short"
    return "met"


def follow(
    commitments: Sequence[Commitment],
    outcomes: Sequence[Fact],
    sentences: Sequence[ReviewSentence],
    tolerance: Tolerance | None = None,
    threshold: float = 0.4,
    packages: dict[str, ReviewSentence] | None = None,
) -> list[FollowUp]:
    """Each commitment with the best result the next review states (``outcomes``: its
    quantities of the year; ``sentences``: its one-year review sentences, for results
    said without a number; ``packages``: by task id, the sentence that says the task's
    whole package was done, for items not reported on their own)."""
    tol = tolerance or Tolerance()
    done = packages or {}
    out = []
    for c in commitments:
        dim = _dim(c.unit)
        best: tuple[float, Fact] | None = None
        for o in outcomes:
            if _dim(o.unit) != dim or (o.value is None and o.low is None):
                continue
            if c.direction == "down" and not _falls(o):
                continue  # a promised fall is reported as a fall
            score = _overlap(c.metric, f"{o.metric}{o.quote}")
            if score >= threshold and (best is None or score > best[0]):
                best = (score, o)
        if best is not None:
            o = best[1]
            out.append(
                FollowUp(
                    commitment=c, outcome_quote=o.quote, outcome_start=o.start,
                    outcome_end=o.end, outcome_value=o.value, outcome_low=o.low,
                    outcome_high=o.high, outcome_unit=o.unit, outcome_modifier=o.modifier,
                    outcome_direction="down" if _falls(o) else None,
                    verdict=verdict(c, o, tol), note=f"metric words {best[0]:.2f}",
                )
            )  # fmt: skip
            continue
        said = max(
            ((_overlap(c.metric, s.text), s) for s in sentences), key=lambda x: x[0], default=None
        )
        if said is not None and said[0] >= max(threshold, 0.6):
            out.append(_unnumbered(c, said[1], "no_number", "said without a comparable number"))
        elif c.task_id in done:
            note = "its whole package is said to be done"
            out.append(_unnumbered(c, done[c.task_id], "no_number", note))
        else:
            note = "no statement of the next review names it"
            out.append(_unnumbered(c, None, "not_reported", note))
    return out


def _unnumbered(c: Commitment, said: ReviewSentence | None, verdict: str, note: str) -> FollowUp:
    """A follow-up with no comparable number: the sentence that says it, or none."""
    return FollowUp(
        commitment=c, outcome_quote=said.text if said else None,
        outcome_start=said.start if said else None, outcome_end=said.end if said else None,
        outcome_value=None, outcome_low=None, outcome_high=None, outcome_unit=None,
        outcome_modifier=None, outcome_direction=None, verdict=verdict, note=note,
    )  # fmt: skip


_FALL = ("下降", "降低", "减少", "压减", "压缩", "减税", "降费", "减轻", "削减", "减负", "退出")


def _falls(o: Fact) -> bool:
    return o.direction == "down" or any(w in o.quote for w in _FALL)
