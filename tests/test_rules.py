"""Every rule in the rules data files matches the examples written beside it."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest

from gwrkit.core.errors import RuleError
from gwrkit.core.indicators import composed_names
from gwrkit.core.rules import (
    RULES_PACKAGE,
    check_shape,
    extracting_files,
    load_yaml,
    pattern_rules,
    rules_version,
    version_of,
)
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


def test_every_reading_rule_has_counter_examples() -> None:
    """Issue 10: each rule carries examples it must match and examples it must not."""
    bare = [
        f"{name}:{rule.id}"
        for name, section in SECTIONS
        for rule in pattern_rules(name, section)
        if not rule.get("not_examples")
    ]
    for name, keys in (
        ("metadata.yaml", None),
        ("roles.yaml", ("unmarked_heading", "targets_density", "targets_back_reference")),
    ):
        for key, spec in load_yaml(name).items():
            wanted = keys is None or key in keys
            if (
                isinstance(spec, dict)
                and "pattern" in spec
                and wanted
                and not spec.get("not_examples")
            ):
                bare.append(f"{name}:{key}")
    assert not bare, f"rules without not_examples: {bare}"


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
    for counter in rule.get("not_examples", []):
        assert not rule.pattern.search(to_halfwidth(counter)), (
            f"{name}:{rule_id} matches its counter-example {counter!r}"
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
    for ex in spec.get("not_examples", []):
        assert not re.search(spec["pattern"], to_halfwidth(ex)), ex


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


def test_rules_version_follows_the_content_of_rules_and_code() -> None:
    """A user who upgrades gets a new version whenever a rule or the extracting code
    changed, so stored facts from older rules are re-extracted, never silently kept."""
    files = extracting_files()
    names = {n for n, _ in files}
    assert "gwrkit.rules/indicators.yaml" in names and "gwrkit.extract/facts.py" in names
    release = str(load_yaml("version.yaml")["version"])
    assert rules_version() == version_of(release, files)
    assert re.fullmatch(re.escape(release) + r"\+[0-9a-f]{12}", rules_version())
    changed = [(n, c + b"#" if n.endswith("facts.yaml") else c) for n, c in files]
    assert version_of(release, changed) != rules_version()
    assert version_of(release, list(reversed(files))) == rules_version()


def test_every_rules_file_has_the_shape_its_schema_allows() -> None:
    names = [
        p.name
        for p in resources.files(RULES_PACKAGE).iterdir()
        if p.name.endswith(".yaml") and p.name != "schema.yaml"
    ]
    assert len(names) >= 10
    for name in names:
        load_yaml(name)  # raises on any key the schema does not allow


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"version": 1, "splits": [{"id": "x", "pattern": "a", "not_example": ["b"]}]},
            "headings.yaml: splits: x: unknown key 'not_example'",
        ),
        ({"version": 1, "markerz": []}, "headings.yaml: unknown key 'markerz'"),
        ({"version": 1, "markers": {"id": "x"}}, "headings.yaml: markers must be a list"),
    ],
)
def test_a_rules_file_with_an_unknown_key_is_an_error(data: dict[str, Any], message: str) -> None:
    schema = load_yaml("schema.yaml")["headings.yaml"]
    with pytest.raises(RuleError) as err:
        check_shape("headings.yaml", data, schema)
    assert str(err.value) == message


def test_a_composed_name_list_rejects_an_empty_group() -> None:
    assert composed_names([[["", "地方"], ["一般"], ["预算收入"]]]) == (
        "一般预算收入",
        "地方一般预算收入",
    )
    for bad in ([[["地方"], [], ["预算收入"]]], [[]], ["地方"]):
        with pytest.raises(RuleError):
            composed_names(bad)


def test_units_written_around_their_number_keep_to_their_examples() -> None:
    """units.yaml split_units: in each example the number stands between the two halves,
    and the quantity read there gets the whole unit."""
    from gwrkit.core.indicators import indicators
    from gwrkit.core.rules import load_yaml
    from gwrkit.core.units import parse_unit
    from gwrkit.extract.connectors import unit_for
    from gwrkit.extract.quantities import find_quantities

    rows = load_yaml("units.yaml")["split_units"]
    assert rows
    for row in rows:
        whole = parse_unit(str(row["unit"]))
        assert whole is not None, row
        for text in row["examples"]:
            (q,) = [q for q in find_quantities(text) if q.unit and q.unit.written == row["after"]]
            assert text[: q.start].endswith(row["before"]), text
            ind = next(i for i in indicators().values() if whole.dim in i.dims)
            unit = unit_for(ind, q, text)
            assert unit is not None and (unit.written, unit.dim) == (whole.written, whole.dim)


@pytest.mark.parametrize(
    ("after", "before"),
    [("^\\s*(年)\\1", None), (None, "(?P<w>第)(?P=w)$"), ("\\s*年", None)],
)
def test_non_quantity_rules_that_cannot_be_joined_are_refused(
    monkeypatch: pytest.MonkeyPatch, after: str | None, before: str | None
) -> None:
    # classify joins the rules' patterns into one regex each: an `after` not anchored at
    # the start, or a back-reference (its group number moves), would change what fits
    from gwrkit.extract import quantities

    rule = ("bad", after and re.compile(after), None, None, before and re.compile(before))
    monkeypatch.setattr(quantities, "_rule_tuples", lambda: (rule,))
    quantities._screens.cache_clear()
    try:
        with pytest.raises(RuleError, match="bad"):
            quantities._screens()
    finally:
        quantities._screens.cache_clear()
