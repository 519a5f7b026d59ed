"""gwrkit audit: sentences that name an indicator and carry a number but give no fact of
it, each with the reason a rule gives — on real reports of the corpus."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner

from gwrkit import api
from gwrkit.cli import cli
from gwrkit.core.rules import load_yaml

from .conftest import require_corpus

REASONS = load_yaml("audit.yaml")["reasons"]


@pytest.mark.parametrize("rule", REASONS, ids=lambda r: r["id"])
def test_each_reason_matches_its_examples_and_not_its_counter_examples(
    rule: dict[str, Any],
) -> None:
    pattern = re.compile(rule["pattern"])
    assert rule["examples"], rule["id"]
    for ex in rule["examples"]:
        assert pattern.search(ex), (rule["id"], ex)
    for ex in rule.get("not_examples", []):
        assert not pattern.search(ex), (rule["id"], ex)


def _items(report: str) -> list[api.AuditItem]:
    return api.audit(api.parse(require_corpus() / report), report)


# (report, start of the sentence, indicator, reason): real sentences the audit lists
CASES = [
    # a target restated in the explanation that follows the targets paragraph
    ("national/china_2025.txt", "居民消费价格涨幅2%左右,目的在于", "cpi", "said_elsewhere"),
    # a total with central taxes, beside the local figure given in the next sentence
    ("county/xushui_2010.txt", "全部财政收入完成6.45亿元", "fiscal_revenue", "total"),
    # the number describes the counties, not the province's economy
    ("province/sichuan_2026.txt", "经济总量超千亿元的县域达12个", "gdp", "attribute"),
    # a rank said of the growth, not a value of it
    ("province/anhui_2026.txt", "全省地区生产总值增速居全国前列", "foreign_investment", "rank"),
    # income of the poor areas, a part of the province
    ("province/anhui_2026.txt", "脱贫攻坚成果巩固拓展", "rural_income", "sub_region"),
]


@pytest.mark.parametrize(("report", "sentence", "indicator", "reason"), CASES)
def test_audit_lists_a_sentence_with_its_reason(
    report: str, sentence: str, indicator: str, reason: str
) -> None:
    hits = [i for i in _items(report) if i.sentence.startswith(sentence)]
    assert [(i.indicator, i.reason) for i in hits if i.indicator == indicator] == [
        (indicator, reason)
    ]
    doc = api.parse(require_corpus() / report)
    for i in hits:  # each item points at its sentence in the original text
        assert re.sub(r"\s", "", doc.original[i.start : i.end])[:6] == i.sentence[:6]


def test_a_sentence_with_its_facts_is_not_listed() -> None:
    """qinghai_2026: 城镇新增就业6.95万人 gives its fact, so it is no audit item."""
    items = _items("province/qinghai_2026.txt")
    assert not [
        i for i in items if "城镇新增就业6.95万人" in i.sentence and i.indicator == "urban_new_jobs"
    ]


def test_audit_command_counts_per_reason_and_indicator_in_json() -> None:
    path = str(require_corpus() / "province" / "sichuan_2026.txt")
    result = CliRunner().invoke(cli, ["audit", "--format", "json", path])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["items"] == len(data["list"]) == sum(data["by_reason"].values())
    assert data["by_report"] == {path: data["items"]}
    assert data["by_reason"]["attribute"] >= 1
    assert {"indicator", "reason", "detail", "sentence", "start", "end"} <= set(data["list"][0])


def test_audit_command_names_a_bad_file() -> None:
    result = CliRunner().invoke(cli, ["audit", "/nonexistent/report.txt"])
    assert result.exit_code != 0
    assert "report.txt" in result.output and "Traceback" not in result.output
