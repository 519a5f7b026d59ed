"""Loading the rules data files shipped in ``gwrkit/rules``.

Rules are data: regular expressions and vocabularies with examples beside each
rule.  This module reads them once and checks their shape; a malformed file raises
:class:`~gwrkit.core.errors.RuleError`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from gwrkit.core.errors import RuleError

RULES_PACKAGE = "gwrkit.rules"


def read_rules_text(name: str) -> str:
    """The text of one rules file."""
    try:
        return resources.files(RULES_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(f"rules file {name!r} is missing from the package") from None


@cache
def load_yaml(name: str) -> dict[str, Any]:
    """A YAML rules file as a mapping."""
    try:
        data = yaml.safe_load(read_rules_text(name))
    except yaml.YAMLError as exc:
        raise RuleError(f"rules file {name!r} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RuleError(f"rules file {name!r} must hold a mapping at the top")
    return data


@cache
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """A TSV rules file as rows keyed by its header; lines starting with # are comments."""
    text = read_rules_text(name)
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(dict(row) for row in reader)


@dataclass(frozen=True)
class PatternRule:
    """A named regular expression with the examples that justify it."""

    id: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...]
    extra: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.extra).get(key, default)


@cache
def pattern_rules(name: str, section: str) -> tuple[PatternRule, ...]:
    """The list of pattern rules under ``section`` of a YAML rules file."""
    data = load_yaml(name).get(section)
    if not isinstance(data, list):
        raise RuleError(f"rules file {name!r} has no list {section!r}")
    out: list[PatternRule] = []
    for item in data:
        try:
            rid = str(item["id"])
            compiled = re.compile(item["pattern"])
        except (KeyError, TypeError, re.error) as exc:
            raise RuleError(
                f"rules file {name!r}, section {section!r}: bad rule {item!r}: {exc}"
            ) from None
        examples = tuple(str(e) for e in item.get("examples", ()))
        extra = tuple((k, v) for k, v in item.items() if k not in {"id", "pattern", "examples"})
        out.append(PatternRule(rid, compiled, examples, extra))
    return tuple(out)


def rules_version() -> str:
    """The version of the rules data, recorded with every fact."""
    return str(load_yaml("version.yaml").get("version", "0"))
