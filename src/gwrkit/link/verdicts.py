"""Judging an outcome against its target, respecting the target's modifier.

Values are compared on a signed scale (a fall, direction down, is negative: 能耗下降3% is
-3) in the target's unit.  ``以上``/``以内`` include the number (statutory reading).
``around`` and ``point`` targets are met within a tolerance: by default 0.2 percentage
points for growth, rates and changes in points, and 1% of the target for levels.  Beyond
it, an outcome on the better side is ``exceeded`` where the indicator's better side is up
(``better: higher`` in rules/indicators.yaml): growth, income, output.  Ceilings — ``at_most``
targets, and ``around`` targets of indicators whose better side is down (CPI,
unemployment) — are ``met`` by any outcome at or below them (plus the tolerance for
``around``); ``exceeded`` is not used for them.

>>> judge(4.1, Target(4.5, None, None, "around"), "higher", Tolerance())
'missed'
>>> judge(5.6, Target(5.5, None, None, "around"), "higher", Tolerance())
'met'
>>> judge(0.2, Target(3.0, None, None, "around"), "lower", Tolerance())
'met'
"""

from __future__ import annotations

from dataclasses import dataclass

EPS = 1e-9


@dataclass(frozen=True)
class Tolerance:
    """How far from an ``around``/``point`` target an outcome may be and still meet it."""

    points: float = 0.2  # percentage points, for %-valued measures
    relative: float = 0.01  # share of the target, for levels

    def of(self, target: float, percent_scale: bool) -> float:
        return self.points if percent_scale else abs(target) * self.relative


@dataclass(frozen=True)
class Target:
    value: float | None
    low: float | None
    high: float | None
    modifier: str
    percent_scale: bool = True


def judge(outcome: float, target: Target, better: str, tol: Tolerance) -> str:
    """met, missed or exceeded (signed values, the target's unit)."""
    mod = target.modifier
    if mod == "range" and target.low is not None and target.high is not None:
        return _judge_range(outcome, target.low, target.high, better)
    if target.value is None:
        return "not_comparable"
    t = target.value
    if mod == "at_least":
        if outcome < t - EPS:
            return "missed"
        margin = tol.of(t, target.percent_scale)
        return "exceeded" if better == "higher" and outcome > t + margin else "met"
    if mod == "at_most":  # a ceiling: at or below it is met, whatever the margin
        return "missed" if outcome > t + EPS else "met"
    margin = tol.of(t, target.percent_scale)
    if better == "lower":  # a ceiling: at or below it is met
        return "met" if outcome <= t + margin + EPS else "missed"
    if abs(outcome - t) <= margin + EPS:
        return "met"
    if outcome > t:
        return "exceeded" if better == "higher" else "missed"
    return "missed"


def _judge_range(outcome: float, low: float, high: float, better: str) -> str:
    if low - EPS <= outcome <= high + EPS:
        return "met"
    if outcome > high:
        return "exceeded" if better == "higher" else "missed"
    return "met" if better == "lower" else "missed"
