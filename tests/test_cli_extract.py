"""`gwrkit extract`, `gwrkit eval` and `gwrkit coverage` on the bundled samples (a
fictional prefecture) and on a small gold folder written here with known answers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from gwrkit import api
from gwrkit.cli import cli

from .conftest import SAMPLES

SAMPLE = SAMPLES / "qinglan_2025.txt"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_extract_json_has_the_gold_fields_and_exact_quotes() -> None:
    code, out, _ = _run("extract", "--format", "json", str(SAMPLE))
    assert code == 0
    data = json.loads(out)
    assert [d["source"] for d in data] == [str(SAMPLE)]
    facts = data[0]["facts"]
    original = SAMPLE.read_text(encoding="utf-8")
    for f in facts:
        assert list(f) == list(api.FACT_FIELDS)
        assert original[f["start"] : f["end"]] == f["quote"]
    gdp_target = [f for f in facts if f["indicator"] == "gdp" and f["status"] == "target"]
    assert gdp_target == [
        {
            **gdp_target[0],
            "measure": "growth",
            "period": "2025",
            "value": 5,
            "unit": "%",
            "modifier": "around",
            "stretch": True,
            "direction": None,
            "role": "targets",
        }
    ]
    qualitative = [f for f in facts if f["measure"] == "qualitative"]
    assert [(f["indicator"], f["value"], f["unit"], f["quote"]) for f in qualitative] == [
        ("disposable_income", None, None, "城乡居民人均可支配收入增长与经济增长同步"),
        ("energy_intensity", None, None, "完成省下达的节能减排目标"),
        ("pollutant_reduction", None, None, "完成省下达的节能减排目标"),
    ]


def test_extract_csv_and_table() -> None:
    code, out, _ = _run("extract", "--format", "csv", str(SAMPLE))
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["source", *api.FACT_FIELDS]
    facts = api.extract(api.parse(SAMPLE))
    assert len(rows) == len(facts) + 1
    code, out, _ = _run("extract", str(SAMPLE))
    assert code == 0 and f"({len(facts)} facts)" in out and "力争" in out


def test_extract_all_adds_open_quantities() -> None:
    headline = api.extract(api.parse(SAMPLE))
    every = api.extract(api.parse(SAMPLE), all_quantities=True)
    open_facts = [f for f in every if f.indicator is None]
    assert len(every) == len(headline) + len(open_facts)
    projects = [f for f in open_facts if f.value == 185]
    assert [(f.metric, f.unit, f.measure, f.status) for f in projects] == [
        ("实施重点项目", "个", "level", "target")
    ]


def test_extract_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    code, out, err = _run("extract", str(tmp_path / "missing.txt"), str(SAMPLE))
    assert code == 1
    assert err.strip().splitlines() == [f"gwrkit: error: {tmp_path / 'missing.txt'}: no such file"]
    assert "qinglan_2025.txt" in out


def _gold_folder(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus" / "prefecture"
    gold = tmp_path / "gold" / "prefecture"
    corpus.mkdir(parents=True)
    gold.mkdir(parents=True)
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    base = {"low": None, "high": None, "stretch": False, "direction": None}
    lines = [
        # matched as written
        {**base, "indicator": "gdp", "measure": "growth", "status": "target", "period": "2025",
         "value": 5, "unit": "%", "modifier": "around", "stretch": True,
         "quote": "地区生产总值增长5%左右"},
        # matched after unit conversion: 58 万吨 = 580000 吨
        {**base, "indicator": "grain_output", "measure": "level", "status": "target",
         "period": "2025", "value": 580000, "unit": "吨", "modifier": "at_least",
         "quote": "粮食总产量稳定在58万吨以上"},
        # not in the report: a miss
        {**base, "indicator": "gdp_per_capita", "measure": "level", "status": "actual",
         "period": "2024", "value": 9, "unit": "万元", "modifier": "point",
         "quote": "人均地区生产总值9万元"},
    ]  # fmt: skip
    (gold / "qinglan_2025.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    return tmp_path / "gold", tmp_path / "corpus"


def test_eval_json_counts_matches_misses_and_false_positives(tmp_path: Path) -> None:
    gold, corpus = _gold_folder(tmp_path)
    code, out, _ = _run("eval", "--gold", str(gold), "--format", "json")
    assert code == 0
    r = json.loads(out)
    predicted = len(api.extract(api.parse(SAMPLE)))
    overall = r["overall"]
    assert (overall["tp"], overall["fn"], overall["fp"]) == (2, 1, predicted - 2)
    assert overall["recall"] == round(2 / 3, 4)
    assert r["per_status"]["target"]["tp"] == 2 and r["per_status"]["actual"]["fn"] == 1
    assert r["per_indicator"]["grain_output"]["tp"] == 1
    assert r["provenance"] == 1.0 and r["stretch_accuracy"] == 1.0
    assert [m["indicator"] for m in r["misses"]] == ["gdp_per_capita"]
    assert all(fp["sentence"] for fp in r["false_positives"])
    code, out, _ = _run("eval", "--gold", str(gold), "--corpus", str(corpus), "--min-f1", "0.99")
    assert code == 3 and "== per status" in out and "== misses (1)" in out


def test_eval_names_a_missing_folder(tmp_path: Path) -> None:
    code, _, err = _run("eval", "--gold", str(tmp_path / "nowhere"))
    assert code != 0
    assert "nowhere" in err and "Traceback" not in err
    (tmp_path / "g" / "national").mkdir(parents=True)
    (tmp_path / "g" / "national" / "x_2020.jsonl").write_text("{not json\n", encoding="utf-8")
    (tmp_path / "corpus" / "national").mkdir(parents=True)
    (tmp_path / "corpus" / "national" / "x_2020.txt").write_text("x", encoding="utf-8")
    code, _, err = _run("eval", "--gold", str(tmp_path / "g"), "--corpus", str(tmp_path / "corpus"))
    assert code != 0 and "x_2020.jsonl:1" in err and len(err.strip().splitlines()) == 1


def test_coverage_lists_what_is_left(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        SAMPLE.read_text(encoding="utf-8") + "\n实施626小河改造。\n", encoding="utf-8"
    )
    code, out, _ = _run("coverage", str(report))
    assert code == 0
    assert "left: 626" in out
    code, out, _ = _run("coverage", "--format", "json", str(SAMPLE))
    data = json.loads(out)
    assert data["share"] == 1.0 and data["files"][0]["leftovers"] == []
    assert data["files"][0]["by_class"]["quantity"] > 20
