"""Loading the rules data files shipped in ``gwrkit/rules``.

Rules are data: regular expressions and vocabularies with examples beside each
rule.  This module reads them once and checks their shape; a malformed file raises
:class:`~gwrkit.core.errors.RuleError`.
"""

from __future__ import annotations

import csv
import hashlib
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
    if name != "schema.yaml":
        check_shape(name, data, _schema().get(name))
    return data


@cache
def _schema() -> dict[str, Any]:
    data = yaml.safe_load(read_rules_text("schema.yaml"))
    if not isinstance(data, dict):
        raise RuleError("rules file 'schema.yaml' must hold a mapping at the top")
    return data


def check_shape(name: str, data: dict[str, Any], schema: dict[str, Any] | None) -> None:
    """Raise :class:`RuleError` naming the file and key where ``data`` holds a key its
    schema (``rules/schema.yaml``) does not allow."""
    if schema is None:
        raise RuleError(f"rules file {name!r} has no schema in schema.yaml")
    for key, value in data.items():
        spec = schema.get(key, schema.get("*"))
        if spec is None:
            raise RuleError(f"{name}: unknown key {key!r}")
        where = f"{name}: {key}"
        if spec == "scalar":
            if isinstance(value, (dict, list)):
                raise RuleError(f"{where} must be a number or a string")
        elif spec == "names":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RuleError(f"{where} must be a list of strings")
        elif spec == "free":
            if not isinstance(value, dict):
                raise RuleError(f"{where} must be a mapping")
        else:
            _check_entry(where, value, spec)


def _check_entry(where: str, value: Any, spec: dict[str, Any]) -> None:
    items = set(spec.get("items", []))
    if "keys" in spec:
        if not isinstance(value, dict):
            raise RuleError(f"{where} must be a mapping")
        unknown = set(value) - set(spec["keys"])
        if unknown:
            raise RuleError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
    else:
        if not isinstance(value, list):
            raise RuleError(f"{where} must be a list")
        lists = [value]
    for rows in lists:
        for row in rows:
            if not isinstance(row, dict):
                raise RuleError(f"{where}: every entry must be a mapping")
            unknown = set(row) - items
            if unknown:
                label = row.get("id") or row.get("names") or row.get("title") or "an entry"
                raise RuleError(f"{where}: {label}: unknown key {sorted(unknown)[0]!r}")


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


# the packages whose code decides what is read and extracted: a change there changes facts
_EXTRACTING_CODE = ("gwrkit.core", "gwrkit.ingest", "gwrkit.structure", "gwrkit.extract")


@cache
def rules_version() -> str:
    """The version recorded with every fact: the release named in ``version.yaml`` and a
    hash of the content of every rules file and of the code that reads and extracts
    (``2026.11.2+3f2a…``).  Any change to either gives a new version, so a store re-extracts
    the reports whose facts came from older rules instead of keeping them silently."""
    release = str(load_yaml("version.yaml").get("version", "0"))
    return version_of(release, extracting_files())


def extracting_files() -> list[tuple[str, bytes]]:
    """(name, content) of every rules file and module of the extracting code."""
    return package_files(RULES_PACKAGE, *_EXTRACTING_CODE)


def package_files(*packages: str) -> list[tuple[str, bytes]]:
    """(name, content) of the modules and rules files of ``packages``, for a version
    made from them (``version_of``)."""
    out = []
    for package in packages:
        root = resources.files(package)
        for p in sorted(root.iterdir(), key=lambda p: p.name):
            if p.is_file() and p.name.endswith((".py", ".yaml", ".tsv")):
                out.append((f"{package}/{p.name}", p.read_bytes()))
    return out


def version_of(release: str, files: list[tuple[str, bytes]]) -> str:
    """``release+hash`` of the files' names and contents (order-independent)."""
    digest = hashlib.sha256()
    for name, content in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return f"{release}+{digest.hexdigest()[:12]}"
