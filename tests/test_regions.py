"""The division table through time, `gwrkit regions`, and regions inferred from report text."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest
from click.testing import CliRunner

from gwrkit import api
from gwrkit.cli import cli
from gwrkit.core.rules import load_yaml, pattern_rules, read_rules_text
from gwrkit.core.text import MappedText, to_halfwidth
from gwrkit.ingest.body import split_edits
from gwrkit.ingest.places import infer_region, name_counts, self_word
from gwrkit.ingest.regions import parent_chain, resolve

from .conftest import ROOT, divisions_csv, require_corpus


def test_the_shipped_table_is_the_reproducible_build_of_the_source() -> None:
    require_corpus()
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts/build_divisions.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rebuilt = build.render(divisions_csv().read_text(encoding="utf-8"))
    assert rebuilt == read_rules_text("divisions.tsv")


@pytest.mark.parametrize(
    ("name", "year", "code"),
    [
        ("徐水县", 2010, "130625"),  # renamed 徐水区 in 2015
        ("徐水", 2010, "130625"),
        ("徐水", 2021, "130609"),
        ("海拉尔市", 1995, "152101"),  # became 海拉尔区 in 2001
        ("海拉尔", 2012, "150702"),
        ("海北州", 2022, "632200"),  # short name with its self-word
        ("呼伦贝尔市海拉尔区", 2020, "150702"),
    ],
)
def test_names_resolve_as_of_the_year(name: str, year: int, code: str) -> None:
    division, reason = resolve(name, year)
    assert division is not None, reason
    assert division.code == code


def test_parent_chain_is_as_of_the_year() -> None:
    d, _ = resolve("徐水县", 1990)
    assert d is not None and d.code == "132423"
    assert [p.name for p in parent_chain(d, 1990)] == ["保定地区", "河北省"]
    d, _ = resolve("徐水县", 2010)
    assert d is not None
    assert [p.name for p in parent_chain(d, 2010)] == ["保定市", "河北省"]


def _regions(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["regions", *args])
    return result.exit_code, result.output


def test_regions_command_renamed_county() -> None:
    code, out = _regions("徐水县", "--year", "2010")
    assert code == 0
    assert out.splitlines()[0] == "130625  河北省保定市徐水县  county  1994–2014"
    assert "parents: 保定市 130600 < 河北省 130000" in out
    assert "became: 130609 河北省保定市徐水区 (2015–)" in out


def test_regions_command_reused_code() -> None:
    code, out = _regions("440111", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["name"], r["years"]) for r in rows] == [("白云区", "1987–"), ("郊区", "1983–1986")]


def test_regions_command_ambiguous_name_lists_every_candidate() -> None:
    code, out = _regions("鼓楼区", "--year", "2020")
    assert code == 0
    heads = [line.split("  ")[1] for line in out.splitlines() if not line.startswith(" ")]
    assert heads == [
        "江苏省南京市鼓楼区",
        "江苏省徐州市鼓楼区",
        "福建省福州市鼓楼区",
        "河南省开封市鼓楼区",
    ]
    division, reason = resolve("鼓楼区", 2020)
    assert division is None and reason is not None and "ambiguous" in reason


def test_regions_command_unknown_name_is_one_line() -> None:
    result = CliRunner().invoke(cli, ["regions", "无此地方"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no division named" in lines[0]


# --- metadata from what a report says --------------------------------------------------

OPENINGS = [
    # (text as the report has it, region, level, code, year)
    (
        "各位代表:\n现在,我代表蠡县人民政府,向大会作政府工作报告,请予审议。\n"
        "一、2019年工作回顾\n2019年,全县生产总值增长7%。",
        "河北省保定市蠡县",
        "county",
        "130635",
        2020,
    ),
    (
        "2010年2月4日在徐水县第十四届人民代表大会第四次会议上\n徐水县人民政府县长李保森\n"
        "各位代表:\n现在,我代表县人民政府向大会报告工作。\n一、2009年工作回顾\n全县经济增长。",
        "河北省保定市徐水县",
        "county",
        "130625",
        2010,
    ),
]


@pytest.mark.parametrize(("text", "region", "level", "code", "year"), OPENINGS)
def test_region_and_year_from_the_opening_lines(
    text: str, region: str, level: str, code: str, year: int
) -> None:
    doc = api.parse_bytes(text.encode("utf-8"), "report.txt")
    md = doc.metadata
    assert (md.value("region"), md.value("level"), md.value("admin_code")) == (region, level, code)
    assert md.value("year") == year


def test_a_sentence_is_never_a_region() -> None:
    text = "现在,我代表某某新区人民政府,向大会作政府工作报告,请予审议。\n一、2019年工作回顾\n增长。"
    region = api.parse_bytes(text.encode("utf-8"), "r.txt").metadata.region
    assert region.value is None or ("," not in region.value and "现在" not in region.value)


@pytest.mark.parametrize(
    ("head", "year"),
    [
        ("标题:二0一0年政府工作报告\n年份:2010\n各位代表:\n", 2010),
        ("二O一六年政府工作报告\n各位代表:\n", 2016),
        ("二〇一六年政府工作报告\n各位代表:\n", 2016),
        ("标题:政府工作报告\n年份:2013\n各位代表:\n", 2013),  # a scraper's header
    ],
)
def test_years_in_every_written_form(head: str, year: int) -> None:
    text = head + "现在,我代表县人民政府向大会报告工作。\n全县经济平稳增长。"
    assert api.parse_bytes(text.encode("utf-8"), "r.txt").metadata.value("year") == year


def test_region_inferred_from_a_body_without_opening_lines() -> None:
    corpus = require_corpus()
    doc = api.parse(corpus / "prefecture/aba_2024.docx")  # starts at 2023年工作回顾
    region = doc.metadata.region
    assert region.value == "阿坝藏族羌族自治州"
    assert region.source is not None and region.source.startswith("inferred from the body")
    assert doc.metadata.value("admin_code") == "513200"


def test_split_evidence_leaves_the_region_null_with_candidates() -> None:
    """Two prefectures' bodies in one file (as a collection that joined two copies): the
    names are split between 鄂州 and 黄石, so no region is inferred; both are candidates."""
    corpus = require_corpus()
    one = api.parse(corpus / "prefecture/ezhou_2024.docx").text
    two = api.parse(corpus / "prefecture/huangshi_2024.docx").text
    ezhou, huangshi = name_counts(one), name_counts(two)
    assert ezhou["鄂州"] > 10 and huangshi["黄石"] > 10
    # as much of each as names each about as often
    share = min(ezhou["鄂州"], huangshi["黄石"])
    cut_one = [m.end() for m in re.finditer("鄂州", one)][share - 1]
    cut_two = [m.end() for m in re.finditer("黄石", two)][share - 1]
    found = infer_region(one[:cut_one] + "\n" + two[:cut_two], 2024)
    assert found.division is None
    assert "鄂州市" in found.evidence and "黄石市" in found.evidence


def test_self_word_prefers_the_lowest_level_used_often() -> None:
    text = "全州上下团结奋斗。全州经济增长。我州粮食丰收。全省第一。全省人民。全省发展。全省大局。"
    assert self_word(text)[0] == "州"
    assert infer_region("全市经济增长。", 2024).division is None  # no name: none


def test_places_rules_examples() -> None:
    spec = load_yaml("places.yaml")["self_word"]
    for ex in spec["examples"]:
        assert re.search(spec["pattern"], to_halfwidth(ex)), ex
    for ex in spec["not_examples"]:
        assert not re.search(spec["pattern"], to_halfwidth(ex)), ex


def test_a_partner_or_neighbour_project_is_not_counted_as_the_region() -> None:
    """ezhou_2024 names 武汉 17 times, all as a partner (与武汉共同编制), a grouping
    (武汉都市圈), a project (武汉新城) or a seat in brackets (联想(武汉))."""
    spec = load_yaml("places.yaml")["other_place"]
    for ex in spec["examples"]:
        assert name_counts(ex)["武汉"] == 0, ex
    for ex in spec["not_examples"]:
        assert sum(name_counts(ex).values()) == len(re.findall("武汉", ex)), ex
    text = "鄂州市人民政府。与武汉共同编制《武汉新城规划》。全市经济增长。武汉市经济增长。"
    assert sum(n for k, n in name_counts(text).items() if k.startswith("武汉")) == 1


@pytest.mark.parametrize("rule", pattern_rules("headings.yaml", "splits"), ids=lambda r: r.id)
def test_paragraph_split_rules_examples(rule: object) -> None:
    assert hasattr(rule, "pattern")
    for ex in rule.examples:  # type: ignore[attr-defined]
        assert any(m.group("at") == "" for m in rule.pattern.finditer(ex)), ex  # type: ignore[attr-defined]
    for ex in rule.get("not_examples", []):  # type: ignore[attr-defined]
        assert not rule.pattern.search(ex), ex  # type: ignore[attr-defined]


def test_a_glued_heading_is_split_and_spans_stay_exact() -> None:
    raw = "三、2016年重点工作今年是实施“十三五”规划的开局之年。\n全市经济增长8%左右。"
    body = MappedText.identity(raw)
    split = body.edit(split_edits(body.text))
    assert split.text.splitlines()[0] == "三、2016年重点工作"
    doc = api.parse_bytes(raw.encode("utf-8"), "r.txt")
    heading = doc.sections[0]
    assert heading.title == "2016年重点工作" and heading.role == "tasks"
    assert doc.original[heading.start : heading.end] == "三、2016年重点工作"


def test_one_line_report_recovers_its_parts() -> None:
    corpus = require_corpus()
    doc = api.parse(corpus / "prefecture/luzhou_2024.docx")  # the whole report on one line
    assert len(doc.original.splitlines()) == 1
    titles = [(s.marker, s.title, s.role) for s in doc.sections if s.level == 1]
    assert ("", "2023年工作回顾", "review") in titles
    assert [p for p in doc.paragraphs if p.role == "targets"]
