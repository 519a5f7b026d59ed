"""The extraction rules data (units, indicators, facts, non-quantities) against the
examples written beside each rule."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gwrkit import api
from gwrkit.core.indicators import indicators
from gwrkit.core.rules import load_yaml
from gwrkit.core.text import to_halfwidth
from gwrkit.core.units import parse_unit
from gwrkit.extract.context import Context, paragraph_mode, plan_name, plan_span, review_span
from gwrkit.extract.facts import extract_text
from gwrkit.extract.indicators import find_mentions
from gwrkit.extract.quantities import find_quantities

from .conftest import require_corpus

FACTS = load_yaml("facts.yaml")


def _pattern_rules() -> list[tuple[str, str, str]]:
    out = []
    for key, spec in FACTS.items():
        if isinstance(spec, dict) and "pattern" in spec:
            out.extend((key, spec["pattern"], ex) for ex in spec["examples"])
        if key == "modifiers":
            for side in ("before", "after"):
                out.extend((r["id"], r["pattern"], ex) for r in spec[side] for ex in r["examples"])
    return out


@pytest.mark.parametrize(("rule", "pattern", "example"), _pattern_rules())
def test_fact_rule_matches_its_examples(rule: str, pattern: str, example: str) -> None:
    pattern = pattern.replace("{region}", "北京")
    assert re.search(pattern, to_halfwidth(example).replace("北京", "北京")), (rule, example)


def _negative_rules() -> list[tuple[str, str, str]]:
    out = [
        (key, spec["pattern"], ex)
        for key, spec in FACTS.items()
        if isinstance(spec, dict) and "pattern" in spec
        for ex in spec.get("not_examples", [])
    ]
    for side in ("before", "after"):
        for r in FACTS["modifiers"][side]:
            out.extend((r["id"], r["pattern"], ex) for ex in r.get("not_examples", []))
    return out


def test_every_fact_rule_has_counter_examples() -> None:
    """Issue 10: each rule carries examples it must match and examples it must not."""
    bare = [
        key
        for key, spec in FACTS.items()
        if isinstance(spec, dict)
        and ("pattern" in spec or "pieces" in spec)
        and not spec.get("not_examples")
    ]
    bare += [
        r["id"]
        for side in ("before", "after")
        for r in FACTS["modifiers"][side]
        if not r.get("not_examples")
    ]
    bare += [r["id"] for r in FACTS["paragraph_period"] if not r.get("not_examples")]
    assert not bare, f"rules without not_examples: {bare}"


@pytest.mark.parametrize(("rule", "pattern", "example"), _negative_rules())
def test_fact_rule_rejects_its_counter_examples(rule: str, pattern: str, example: str) -> None:
    assert not re.search(pattern.replace("{region}", "北京"), to_halfwidth(example)), (
        rule,
        example,
    )


@pytest.mark.parametrize("key", ["gap_pieces", "rate_gap_pieces"])
def test_gap_pieces_cover_their_examples(key: str) -> None:
    pieces = FACTS[key]["pieces"]
    if key == "rate_gap_pieces":
        pieces = pieces + FACTS["gap_pieces"]["pieces"]
    whole = re.compile("^(?:" + "|".join(f"(?:{p})" for p in pieces) + ")*$")
    for ex in FACTS[key]["examples"]:
        assert whole.match(to_halfwidth(ex)), ex
    for ex in FACTS[key].get("not_examples", []):
        assert not whole.match(to_halfwidth(ex)), ex


@pytest.mark.parametrize("row", FACTS["paragraph_period"], ids=lambda r: r["id"])
def test_paragraph_period_rules(row: dict[str, Any]) -> None:
    for ex in row["examples"]:
        mode = paragraph_mode(to_halfwidth(ex), 2026, (row["mode"],))
        assert mode == row["mode"], ex
    for ex in row.get("not_examples", []):
        pattern = str(row["pattern"]).replace("{plan}", "十五五")
        pattern = pattern.replace("{prev}", "2025").replace("{year}", "2026")
        assert not re.search(pattern, to_halfwidth(ex)[:60]), ex


def test_plan_names_and_spans() -> None:
    assert [plan_name(y) for y in (2006, 2011, 2016, 2021, 2026)] == [
        "十一五",
        "十二五",
        "十三五",
        "十四五",
        "十五五",
    ]
    assert plan_span(2023) == (2021, 2025)
    assert review_span(2023) == (2018, 2022)


def test_no_plan_mode_outside_a_plans_first_year() -> None:
    text = "“十四五”时期是开启全面建设社会主义现代化国家新征程的第一个五年。"
    assert paragraph_mode(text, 2021, ("plan",)) == "plan"
    assert paragraph_mode(text, 2023, ("plan",)) is None


@pytest.mark.parametrize("ind", list(indicators().values()), ids=lambda i: i.id)
def test_indicator_examples_name_the_indicator(ind: Any) -> None:
    rows = load_yaml("indicators.yaml")["indicators"]
    row = next(r for r in rows if r["id"] == ind.id)
    for ex in row["examples"]:
        ids = [i for m in find_mentions(to_halfwidth(ex)) for i in m.ids]
        assert ind.id in ids, ex


def test_blockers_stop_their_indicators() -> None:
    for text in (
        "机电产品出口增长8%",
        "粮食综合生产能力稳定在1.3万亿斤",
    ):
        assert not [m for m in find_mentions(text) if m.ids], text


def test_a_total_gives_way_to_the_local_figure() -> None:
    """全部财政收入 (with central taxes) stands for fiscal revenue only where the report
    does not give the local 一般预算收入 too (gold README)."""
    for row in load_yaml("indicators.yaml")["totals"]:
        for ex in row["examples"]:
            assert [m.total for m in find_mentions(ex) if m.ids] == [True], ex
    ctx = Context("review", "actual", "year", 2009, 2009)
    # zhumadian_2010: the total and, inside it, the local figure
    text = (
        "地方财政总收入51.2亿元,增长11.1%,"
        "其中一般预算收入29.3亿元、支出143.6亿元,分别增长14.5%和32.2%;"
    )
    got = {(f.indicator, f.measure, f.value) for f in extract_text(text, ctx)}
    assert got == {
        ("fiscal_revenue", "level", 29.3),
        ("fiscal_revenue", "growth", 14.5),
        ("fiscal_expenditure", "level", 143.6),
        ("fiscal_expenditure", "growth", 32.2),
    }
    # henan_2026 gives only 财政总收入 (with central taxes) in its review: not the
    # indicator; hebei_2010's one fiscal target 全部财政收入增长9% is
    text = "生产总值6.66万亿元,财政总收入7019亿元,社会消费品零售总额2.9万亿元。"
    assert "fiscal_revenue" not in {f.indicator for f in extract_text(text, ctx)}
    target = Context("targets", "target", "target", 2010, 2010)
    text = "全省生产总值增长9%以上,全部财政收入增长9%,全社会固定资产投资增长20%左右"
    assert ("fiscal_revenue", "growth", 9.0) in {
        (f.indicator, f.measure, f.value) for f in extract_text(text, target)
    }


def test_a_total_in_another_sentence_gives_way_at_report_level() -> None:
    """xushui_2010: 全部财政收入完成6.45亿元, and 地方一般预算收入完成2.4亿元 after it."""
    facts = api.extract(api.parse(require_corpus() / "county" / "xushui_2010.txt"))
    fiscal = {(f.period, f.measure, f.value) for f in facts if f.indicator == "fiscal_revenue"}
    assert ("2009", "level", 2.4) in fiscal
    assert ("2009", "level", 6.45) not in fiscal


def test_joint_names_stand_for_two_indicators() -> None:
    for row in load_yaml("indicators.yaml")["joint"]:
        for ex in row["examples"]:
            assert any(m.ids == tuple(row["ids"]) for m in find_mentions(ex)), ex


@pytest.mark.parametrize(
    ("written", "dim", "factor"),
    [
        ("万亿斤", "mass", 0.5e12),
        ("亿斤", "mass", 0.5e8),
        ("万吨", "mass", 1e7),
        ("万人次", "person_times", 1e4),
        ("亿美元", "money_usd", 1e8),
        ("万亿元", "money_cny", 1e12),
        ("个百分点", "points", 1.0),
        ("%", "percent", 1.0),
        ("万千瓦", "power", 1e4),
        ("万亩", "area", 1e4 * 666.6666666666666),
        ("微克/立方米", "concentration", 1.0),
        ("微克每立方米", "concentration", 1.0),
    ],
)
def test_units_parse_to_dimension_and_factor(written: str, dim: str, factor: float) -> None:
    unit = parse_unit(written)
    assert unit is not None and unit.dim == dim
    assert unit.factor == pytest.approx(factor)


def test_gold_unit_conversion_example() -> None:
    """The gold README's own example: 1.3 万亿斤 = 13000 亿斤."""
    a, b = parse_unit("万亿斤"), parse_unit("亿斤")
    assert a is not None and b is not None
    assert 1.3 * a.factor == pytest.approx(13000 * b.factor)


def _dimension_examples() -> list[tuple[str, str]]:
    dims = load_yaml("units.yaml")["dimensions"]
    return [(dim, ex) for dim, spec in dims.items() for ex in spec["examples"]]


@pytest.mark.parametrize(("dim", "example"), _dimension_examples())
def test_unit_dimension_examples(dim: str, example: str) -> None:
    qs = [q for q in find_quantities(example) if q.kind == "quantity"]
    assert qs and qs[0].unit is not None and qs[0].unit.dim == dim, example


def _nonquantity_examples() -> list[tuple[str, str, str]]:
    rows = load_yaml("nonquantities.yaml")["rules"]
    return [(r["id"], r["class"], ex) for r in rows for ex in r["examples"]]


@pytest.mark.parametrize(("rule", "cls", "example"), _nonquantity_examples())
def test_nonquantity_examples(rule: str, cls: str, example: str) -> None:
    kinds = [q.kind for q in find_quantities(to_halfwidth(example)) if q.arabic]
    assert cls in kinds, (rule, example, kinds)


def _nonquantity_counter_examples() -> list[tuple[str, str, str]]:
    rows = load_yaml("nonquantities.yaml")["rules"]
    return [(r["id"], r["class"], ex) for r in rows for ex in r.get("not_examples", [])]


@pytest.mark.parametrize(("rule", "cls", "example"), _nonquantity_counter_examples())
def test_nonquantity_counter_examples(rule: str, cls: str, example: str) -> None:
    """A number of the same digits that is a quantity (2025万元) or of another class is
    not taken by the rule."""
    kinds = [q.kind for q in find_quantities(to_halfwidth(example)) if q.arabic]
    assert kinds and cls not in kinds, (rule, example, kinds)


def test_every_nonquantity_rule_has_counter_examples() -> None:
    rows = load_yaml("nonquantities.yaml")["rules"]
    assert not [r["id"] for r in rows if not r.get("not_examples")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("城镇新增就业110万人以上", [("110万人", "quantity")]),
        ("全国百强县中我区有4个", [("4个", "quantity")]),
        ("110报警数下降", [("110", "name")]),
        ("6300多万人", [("6300多万人", "quantity")]),
        (
            "分别提高20.9、36.2、54个百分点",
            [("20.9", "quantity"), ("36.2", "quantity"), ("54个百分点", "quantity")],
        ),
        ("2025年3月5日", [("2025", "year"), ("3", "date"), ("5", "date")]),
        ("PM2.5浓度", [("2.5", "name")]),
        ("“十四五”时期", []),
        ("5G基站", [("5", "name")]),
        ("[13]", [("13", "footnote")]),
        ("城乡居民收入比值由3.27缩小至2.93", [("3.27", "ratio"), ("2.93", "ratio")]),
    ],
)
def test_quantities_and_classes(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(q.text, q.kind) for q in find_quantities(text)] == expected


def test_no_indicator_name_is_copied_from_one_report() -> None:
    """Issue 10: a name listed word for word that fewer than two corpus reports use needs
    a reason (`rare`); names built from heads and modifiers (`compose`) are rules."""
    from gwrkit.core.rules import load_yaml as _load

    corpus = require_corpus()
    paths = sorted(p for p in corpus.glob("*/*") if p.suffix in (".txt", ".docx"))
    texts = [api.parse(p).text for p in paths]
    data = _load("indicators.yaml")
    rows = [*data["indicators"], *data.get("totals", [])]
    rare = {}
    for row in [*rows, *data.get("joint", []), *data.get("carried", [])]:
        for name in row.get("names", []):
            if sum(1 for t in texts if name in t) < 2 and name not in row.get("rare", {}):
                rare[name] = row.get("id") or row.get("ids")
    assert not rare, f"names used by fewer than two corpus reports, with no reason: {rare}"


def test_a_carried_name_takes_its_place_in_a_list() -> None:
    """wuzhou_2024 (a Word file): 规上工业总产值、增加值分别增长15%、12%: 增加值 carries 规上工业
    from the list's head and takes the second value."""
    doc = api.parse(require_corpus() / "prefecture" / "wuzhou_2024.docx")
    ivas = [f for f in api.extract(doc) if f.indicator == "industrial_value_added"]
    assert [(f.status, f.measure, f.value) for f in ivas if f.status == "target"] == [
        ("target", "growth", 12.0)
    ]
