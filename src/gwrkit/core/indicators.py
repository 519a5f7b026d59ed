"""The headline indicators as data (``rules/indicators.yaml``): id, kind, units, names and
which way an outcome beats its target.  Finding their names in text is the extractor's
(``extract/indicators.py``)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from typing import Any

from gwrkit.core.errors import RuleError
from gwrkit.core.rules import load_yaml

KINDS = ("amount", "rate", "intensity", "mixed")


@dataclass(frozen=True)
class Indicator:
    id: str
    name_en: str
    kind: str
    dims: tuple[str, ...]
    default_base: str | None
    names: tuple[str, ...]
    any_prefix: bool = False
    better: str = "none"  # higher | lower | none: which way an outcome beats its target
    qualitative: bool = True  # may be a qualitative target
    flow: bool = False  # counts events: a level over several years is their total


@cache
def indicators() -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for row in load_yaml("indicators.yaml").get("indicators", []):
        try:
            ind = Indicator(
                str(row["id"]),
                str(row.get("name_en", "")),
                str(row["kind"]),
                tuple(str(d) for d in row.get("dims", [])),
                row.get("default_base"),
                tuple(str(n) for n in row["names"]) + composed_names(row.get("compose", [])),
                bool(row.get("any_prefix", False)),
                str(row.get("better", "none")),
                bool(row.get("qualitative", True)),
                bool(row.get("flow", False)),
            )
        except (KeyError, TypeError) as exc:
            raise RuleError(f"indicators.yaml: bad indicator {row!r}: {exc}") from None
        if ind.kind not in KINDS:
            raise RuleError(f"indicators.yaml: {ind.id} has unknown kind {ind.kind!r}")
        out[ind.id] = ind
    return out


def composed_names(groups: list[Any]) -> tuple[str, ...]:
    """Names built from heads and modifiers: every way of taking one piece of each list,
    in order (``[['', 地方], [一般, 一般公共], [预算收入]]`` → 一般预算收入, 地方一般预算收入 …).
    An empty list is an error: it would silently make no name at all."""
    out: list[str] = []
    for group in groups:
        if not isinstance(group, list) or not group:
            raise RuleError(f"indicators.yaml: bad compose row {group!r}")
        for pieces in group:
            if not isinstance(pieces, list) or not pieces:
                raise RuleError(f"indicators.yaml: empty piece list in compose row {group!r}")
        out.extend("".join(str(x) for x in combo) for combo in itertools.product(*group))
    return tuple(n for n in out if n)
