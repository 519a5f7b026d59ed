"""Whole-report checks on every report of ../shared/corpus."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest

from gwrkit import api
from gwrkit.core.schema import Document
from gwrkit.core.text import to_halfwidth
from gwrkit.ingest.body import is_part_title
from gwrkit.ingest.chinese import convert_t2s
from gwrkit.ingest.markup import strip_markup

from .conftest import (
    corpus_dir,
    expected_code,
    gold_dir,
    manifest,
    manifest_ids,
    require_corpus,
)

_WS = re.compile(r"\s+")


@cache
def _parsed(path: str) -> Document:
    return api.parse(corpus_dir() / path)


def _row(path: str) -> dict[str, str]:
    require_corpus()
    return next(r for r in manifest() if r["path"] == path)


def region_agrees(manifest_region: str, doc: Document) -> bool:
    """The manifest names a region as the report does (full path for counties)."""
    region = doc.metadata.value("region")
    if region is None:
        return False
    if doc.metadata.value("level") == "national":
        return manifest_region.startswith(region)
    return manifest_region == region or manifest_region.endswith(region)


@pytest.mark.parametrize("path", manifest_ids())
def test_region_level_year_code_agree_with_manifest(path: str) -> None:
    """Region, level, year and the division code in use that year, against MANIFEST.tsv
    (the code derived from ../shared/divisions, never typed by hand)."""
    row = _row(path)
    doc = _parsed(path)
    assert region_agrees(row["region"], doc), doc.metadata.region
    assert doc.metadata.value("level") == row["level"]
    assert str(doc.metadata.value("year")) == row["year"]
    code = expected_code(row["region"], row["level"], int(row["year"]))
    assert code is not None, "the manifest region is not in the divisions table"
    assert doc.metadata.value("admin_code") == code, doc.metadata.admin_code


@pytest.mark.parametrize("path", manifest_ids())
def test_targets_paragraph_found(path: str) -> None:
    _row(path)
    doc = _parsed(path)
    targets = [p for p in doc.paragraphs if p.role == "targets"]
    assert targets, "no paragraph has the role 'targets'"
    assert any(re.search(r"\d", p.text) for p in targets)


def _comparable(raw: str) -> str:
    return _WS.sub("", convert_t2s(to_halfwidth(strip_markup(raw).text)))


@pytest.mark.parametrize("path", manifest_ids())
def test_every_sentence_span_is_its_original_text(path: str) -> None:
    """original[start:end] holds exactly the sentence (markup and spacing aside)."""
    _row(path)
    doc = _parsed(path)
    assert doc.sentences
    for s in doc.sentences:
        raw = doc.original[s.start : s.end]
        assert raw, s
        assert _comparable(raw) == convert_t2s(_WS.sub("", s.text)), (s.index, raw, s.text)
        assert raw.strip()[:1] == doc.original[s.start], s.index


@pytest.mark.parametrize("path", manifest_ids())
def test_sections_and_paragraphs_spans(path: str) -> None:
    _row(path)
    doc = _parsed(path)
    for sec in doc.sections:
        assert _WS.sub("", (sec.marker + sec.title)) == _comparable(
            doc.original[sec.start : sec.end]
        )
        assert sec.role != "preamble"
    last = -1
    for p in doc.paragraphs:
        assert p.start >= last
        last = p.end


# the gold's README: national fiscal figures are targets stated in the tasks part
NATIONAL_FISCAL = {"deficit_ratio", "deficit", "special_bonds", "fiscal_expenditure"}


def _gold_targets() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    root = gold_dir()
    for f in sorted(root.glob("*/*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            fact = json.loads(line)
            national_fiscal = f.parent.name == "national" and fact["indicator"] in NATIONAL_FISCAL
            if fact["status"] == "target" and not national_fiscal:
                out.append((f"{f.parent.name}/{f.stem}.txt", fact["quote"]))
    return out or [("<no gold>", "")]


@pytest.mark.parametrize(("path", "quote"), _gold_targets())
def test_gold_target_quotes_fall_in_targets_paragraphs(path: str, quote: str) -> None:
    """Each hand-annotated target sits in a paragraph given the role 'targets', or in the
    rest of the same source paragraph once the targets sentence is split off from it
    (zhumadian_2010: 实现“三个突破”:地区生产总值突破1000亿元… follows the targets sentence
    and 围绕上述…主要目标 in one line; the gold counts it with the targets), where its facts
    are read as targets too."""
    _row(path)
    doc = _parsed(path)
    places = [m.start() for m in re.finditer(re.escape(quote), doc.original)]
    assert places
    paragraphs = [next(p for p in doc.paragraphs if p.start <= at < p.end) for at in places]
    targets = [p for p in doc.paragraphs if p.role == "targets"]
    assert any(
        p.role == "targets"
        or (
            p.role == "overall_requirements"
            and any(t.end <= p.start and "\n" not in doc.original[t.end : p.start] for t in targets)
        )
        for p in paragraphs
    )


def test_numbered_parts_under_an_unnumbered_review_title_stay_the_review() -> None:
    """Shandong style (gaotang_2021): “十三五”时期和2020年工作回顾, then 一、…七、 of the
    review; 2021年…重点工作, then 一、…七、 of the tasks."""
    doc = api.parse(require_corpus() / "county" / "gaotang_2021.txt")
    tops = [s for s in doc.sections if s.level == 1]
    assert [s.title for s in tops[:2]] == [
        "“十三五”时期和2020年工作回顾",
        "“十四五”时期经济社会发展总体思路和目标任务",
    ]
    review = [s for s in doc.sections if s.parent == tops[0].index]
    assert len(review) == 7 and {s.role for s in review} == {"review_multi_year"}
    assert review[0].title.startswith("防疫情稳增长")
    tasks_title = next(s for s in tops if s.title.startswith("2021年"))
    tasks = [s for s in doc.sections if s.parent == tasks_title.index]
    assert len(tasks) == 7 and {s.role for s in tasks} == {"tasks"}


def test_a_part_title_glued_to_its_opening_is_split() -> None:
    """zhumadian_2016: 一、“十二五”重大成就及“十三五”主要目标回顾过去的五年,…: the title
    ends before 回顾过去, and the five-year figures are the review's, not the plan's."""
    doc = api.parse(require_corpus() / "prefecture" / "zhumadian_2016.txt")
    first = doc.sections[0]
    assert first.title == "“十二五”重大成就及“十三五”主要目标"
    assert doc.original[first.start : first.end] == "一、“十二五”重大成就及“十三五”主要目标"
    facts = api.extract(doc)
    gdp = [f for f in facts if f.indicator == "gdp" and f.value == 1807.1]
    assert [(f.status, f.period) for f in gdp] == [("actual", "2015")]


def test_a_review_that_lost_its_part_heading_is_still_the_review() -> None:
    """yiyang_2024.docx opens its review (2023年,是…。一年来,我们…) with no part heading
    before it: that paragraph was preamble, and its summary of the year gave no facts."""
    doc = api.parse(require_corpus() / "prefecture" / "yiyang_2024.docx")
    first = doc.paragraphs[0]
    assert first.role == "review" and "一年来" in first.text
    growth = {
        f.indicator: f.value
        for f in api.extract(doc)
        if f.start < first.end and f.status == "actual" and f.measure == "growth"
    }
    assert growth == {
        "gdp": 4.0,
        "industrial_value_added": 3.5,
        "fixed_asset_investment": 6.0,
        "retail_sales": 7.5,
        "disposable_income": 5.0,
        "fiscal_revenue": 6.3,
    }
    greeting = api.parse(require_corpus() / "national" / "china_2025.txt").paragraphs[0]
    assert greeting.role == "preamble"  # 各位代表:现在,我代表国务院… stays the preamble


def test_the_governments_own_work_reviewed_is_the_review() -> None:
    """chongqing_2026: the review's last section, (九)着力推动政府治理提效, named the part
    self-building, and the five-year review after it (这五年…, 五年来…) gave no facts."""
    doc = api.parse(require_corpus() / "province" / "chongqing_2026.txt")
    top = next(s for s in doc.sections if s.level == 1)
    assert top.role == "review_multi_year"
    under = [s for s in doc.sections if s.parent == top.index]
    assert under[-1].title.startswith("着力推动政府治理提效")
    assert {s.role for s in under} == {"review_multi_year"}
    income = [
        f for f in api.extract(doc) if f.indicator == "disposable_income" and f.value == 41580
    ]
    assert [(f.status, f.period) for f in income] == [("actual", "2025")]
    tasks = [s for s in doc.sections if s.title.startswith("全面提升政府治理现代化水平")]
    assert [s.role for s in tasks] == ["self_building"]  # the part of the work ahead stays


def test_numerals_that_head_no_part() -> None:
    """一、二、三产业 (the three sectors) and 五一、 (May Day) open no part: guangxi_2026's
    review became a part of the tasks, its 2025 outcomes read as 2026 targets."""
    doc = api.parse(require_corpus() / "province" / "guangxi_2026.txt")
    tops = [s.title for s in doc.sections if s.level == 1]
    assert tops[0] == "2025年工作回顾" and not any(t.startswith("二、三产业") for t in tops)
    grain = [f for f in api.extract(doc) if f.indicator == "grain_output" and f.value == 280.9]
    assert [(f.status, f.period) for f in grain] == [("actual", "2025")]
    mianyang = api.parse(require_corpus() / "prefecture" / "mianyang_2024.docx")
    assert not [s for s in mianyang.sections if s.marker.startswith("五一")]


def test_nothing_after_the_targets_is_the_review() -> None:
    """bengbu_2024.docx lost the title of its tasks part, so its (一)…(九) of the work
    ahead were nested under 2023年工作回顾 and their goals (城镇新增就业3.72万人) read as
    last year's results."""
    doc = api.parse(require_corpus() / "prefecture" / "bengbu_2024.docx")
    roles = [p.role for p in doc.paragraphs]
    last = len(roles) - 1 - roles[::-1].index("targets")
    assert not {"review", "review_multi_year"} & set(roles[last + 1 :])
    jobs = [f for f in api.extract(doc) if f.quote.startswith("城镇新增就业3.72万人")]
    assert [(f.status, f.period) for f in jobs] == [("target", "2024")]
    # and its sections are the tasks' (the reader labels them so)
    ahead = [s for s in doc.sections if s.title.startswith("坚定不移")]
    assert len(ahead) == 9 and {s.role for s in ahead} == {"tasks"}


def test_a_broken_line_naming_self_building_is_no_part_title() -> None:
    """hebei_2021: the web copy breaks a sentence into lines, one of them
    “，我们将忠诚履职、负重奋进，持续加强政府自身建设，不断提”: short and naming 政府自身建设,
    it opened a fourth part; a line that starts with punctuation continues a sentence."""
    doc = api.parse(require_corpus() / "province" / "hebei_2021.txt")
    tops = [(s.marker, s.role) for s in doc.sections if s.level == 1]
    assert tops == [("一、", "review_multi_year"), ("二、", "plan"), ("三、", "tasks")]


def test_a_copy_without_headings_keeps_review_targets_and_tasks_apart() -> None:
    """mianyang_2024.docx has no heading at all: the greeting's paragraph opens the review
    (…请予审议。2023年是…), the targets paragraph follows, and what follows it is the work
    ahead (its 城镇新增就业4.7万人以上 is this year's goal, not last year's result)."""
    doc = api.parse(require_corpus() / "prefecture" / "mianyang_2024.docx")
    roles = [p.role for p in doc.paragraphs]
    first_target = roles.index("targets")
    assert roles[0] == "review" and set(roles[:first_target]) <= {"review", "problems"}
    assert set(roles[first_target + 1 :]) <= {"tasks", "closing"}
    facts = api.extract(doc)
    assert [(f.status, f.period) for f in facts if f.quote.startswith("城镇新增就业4.7万人")] == [
        ("target", "2024")
    ]
    assert [(f.status, f.value) for f in facts if f.indicator == "gdp" and f.measure == "growth"
            and f.status == "actual"] == [("actual", 8.0)]  # fmt: skip


def test_a_scraper_header_and_teasers_stay_out_of_the_body() -> None:
    """fuping_2021 opens with 时间:… 作者:… / 241 / 评论: / 0 / 内容摘要:… and ends with
    share buttons and 相关文章; none of it is report text."""
    doc = api.parse(require_corpus() / "county" / "fuping_2021.txt")
    lines = doc.text.splitlines()
    assert not [ln for ln in lines if ln in ("241", "0", "评论:") or ln.startswith("时间:")]
    assert not [ln for ln in lines if ln.startswith(("内容摘要", "相关文章", "QQ空间"))]
    assert "现在,我代表县人民政府向大会作工作报告" in doc.text


def test_a_lone_number_inside_a_sentence_is_kept() -> None:
    """china_2019 has 广义货币M / 2 / 和社会融资规模… on three lines: the 2 is text."""
    doc = api.parse(require_corpus() / "national" / "china_2019.txt")
    assert "广义货币M2和社会融资规模增速" in doc.text


@pytest.mark.parametrize(
    ("path", "quote", "period"),
    [
        # 各位代表!2025年主要目标任务的完成,标志着“十四五”规划顺利收官。回望过去五年,…
        ("province/guizhou_2026.txt", "城镇新增就业60万人以上", "2021-2025"),
        # 各位代表!2025年是“十四五”收官之年。五年来,…
        ("province/shandong_2026.txt", "碳排放强度下降20.5%", "2021-2025"),
        ("province/shandong_2026.txt", "粮食总产稳定在1100亿斤以上", "2021-2025"),
        # 各位代表!2025年目标任务顺利完成,标志着“十四五”圆满收官。五年来,…
        ("province/shaanxi_2026.txt", "城镇新增就业40万人以上", "2021-2025"),
        # 2015年是“十二五”收官之年。过去五年,我国发展成就举世瞩目。…
        ("national/china_2016.txt", "单位国内生产总值能耗下降18.2%", "2011-2015"),
    ],
)
def test_a_paragraph_that_closes_the_year_and_turns_to_five_years(
    path: str, quote: str, period: str
) -> None:
    """A paragraph that opens on the year only to close the plan (…收官。) and turns to
    the five years in its next sentence (五年来, 回望过去五年) sets the five years for
    what follows: 每年城镇新增就业60万人以上 is each year of the plan, not one year's."""
    doc = api.parse(require_corpus() / path)
    found = [f for f in api.extract(doc) if f.quote.startswith(quote) and f.status == "actual"]
    assert [f.period for f in found] == [period]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("2023年工作回顾", True),
        ("“十四五”时期工作回顾", True),
        ("2026年重点工作", True),
        ("名词解释", True),
        # a sentence or a clause of the targets paragraph that a PDF line set apart
        ("能耗和生态环境质量指标完成省定目标任务。", False),
        ("节能减排和环境保护指标完成省下达目标任务;", False),
        ("较好完成市八届人大三次会议确定的目标任务,", False),
        (",我们将忠诚履职、负重奋进,持续加强政府自身建设,不断提", False),
    ],
)
def test_a_part_title_is_no_sentence(line: str, title: bool) -> None:
    assert is_part_title(line) is title


@pytest.mark.parametrize(
    "path", ["county/gaotang_2021.txt", "county/fuping_2021.txt", "county/miyi_2022.txt"]
)
def test_a_listing_pages_teaser_is_no_report_text(path: str) -> None:
    """A scraped page opens with its listing's teaser: the report's opening glued into one
    line and cut off (…提出意见。“十三五”时期和2020年工作回顾“十三五”时期,是高唐爬坡过坎、
    负......).  Split, it opened a second review part in gaotang_2021."""
    doc = api.parse(require_corpus() / path)
    assert not [ln for ln in doc.text.splitlines() if ln.endswith("......")]
    assert "各位代表" in doc.text
