"""Every rule in the rules data files matches the examples written beside it."""

from __future__ import annotations

import re

import pytest

from gwrkit.core.rules import load_yaml, pattern_rules
from gwrkit.core.text import to_halfwidth
from gwrkit.ingest.regions import divisions, resolve, short_name

SECTIONS = [
    ("chrome.yaml", "drop"),
    ("chrome.yaml", "end"),
    ("chrome.yaml", "start"),
    ("headings.yaml", "markers"),
    ("headings.yaml", "inline"),
    ("roles.yaml", "heading"),
    ("roles.yaml", "paragraph"),
]


def _examples() -> list[tuple[str, str, str, str]]:
    out = []
    for name, section in SECTIONS:
        for rule in pattern_rules(name, section):
            assert rule.examples, f"{name}:{rule.id} has no examples"
            out.extend((name, section, rule.id, ex) for ex in rule.examples)
    return out


@pytest.mark.parametrize(("name", "section", "rule_id", "example"), _examples())
def test_rule_matches_its_examples(name: str, section: str, rule_id: str, example: str) -> None:
    rule = next(r for r in pattern_rules(name, section) if r.id == rule_id)
    # rules see text after full-width forms are folded to half-width
    assert rule.pattern.search(to_halfwidth(example)), (
        f"{name}:{rule_id} does not match {example!r}"
    )


@pytest.mark.parametrize("key", ["unmarked_heading", "targets_density", "targets_back_reference"])
def test_single_pattern_rules(key: str) -> None:
    spec = load_yaml("roles.yaml")[key]
    for ex in spec["examples"]:
        assert re.search(spec["pattern"], to_halfwidth(ex))
    for ex in spec.get("not_examples", []):
        assert not re.search(spec["pattern"], to_halfwidth(ex)), ex


@pytest.mark.parametrize(
    "key",
    [
        "national_cues",
        "occasion",
        "title_line",
        "review_year",
        "scraper_year",
        "opening",
        "plan_year",
        "review_opening",
    ],
)
def test_metadata_rules(key: str) -> None:
    spec = load_yaml("metadata.yaml")[key]
    for ex in spec["examples"]:
        assert re.search(spec["pattern"], to_halfwidth(ex)), ex


def test_division_table_is_complete() -> None:
    table = divisions()
    levels = [d.level for d in table.values()]
    assert levels.count("province") == 34
    assert levels.count("prefecture") > 300
    assert levels.count("county") > 2800
    assert all(len(code) == 6 and code.isdigit() for code in table)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("门源", "632221"),
        ("门源回族自治县", "632221"),
        ("海北藏族自治州", "632200"),
        ("广西", "450000"),
        ("呼伦贝尔市海拉尔区", "150702"),
        ("青海省", "630000"),
    ],
)
def test_resolve_names(name: str, code: str) -> None:
    division, reason = resolve(name)
    assert division is not None, reason
    assert division.code == code


def test_ambiguous_name_is_reported() -> None:
    division, reason = resolve("朝阳区")
    assert division is None
    assert reason is not None and "ambiguous" in reason


def test_short_name() -> None:
    assert short_name("门源回族自治县") == "门源"
    assert short_name("新疆维吾尔自治区") == "新疆"
