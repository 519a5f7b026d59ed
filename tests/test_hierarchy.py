"""Parent against children (issue 16): targets of a year down the hierarchy, by the
division codes of that year, with the 加码 and the children that have no stored target."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gwrkit import api
from gwrkit.cli import cli
from gwrkit.core.errors import StoreError
from tests.conftest import require_corpus

FILES = (
    "national/china_2021.txt", "province/hebei_2021.txt", "prefecture/baoding_2021.txt",
    "county/fuping_2021.txt", "national/china_2025.txt", "province/qinghai_2025.txt",
    "province/xizang_2025.txt", "province/zhejiang_2025.txt",
)  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    corpus = require_corpus()
    path = str(tmp_path_factory.mktemp("hierarchy") / "h.db")
    summary = api.ingest([corpus / f for f in FILES], path, workers=1)
    assert summary.failed == 0
    return path


def test_three_levels_down_from_the_nation(db: str) -> None:
    """2021: the nation set 6% or more, 河北 6.5%, 保定 8%, 阜平 10% — each level above
    the one over it (层层加码)."""
    rows = {(r.parent_region, r.child_region): r for r in api.hierarchy("gdp", 2021, db)}
    hebei = rows[("中华人民共和国", "河北省")]
    assert (hebei.parent_target, hebei.child_target, hebei.markup) == (6.0, 6.5, 0.5)
    baoding = rows[("河北省", "保定市")]
    assert (baoding.child_target, baoding.markup, baoding.higher) == (8.0, 1.5, True)
    fuping = rows[("保定市", "河北省保定市阜平县")]
    assert (fuping.parent_code, fuping.child_code, fuping.markup) == ("130600", "130624", 2.0)
    only = api.hierarchy("gdp", 2021, db, parent="保定市")
    assert [r.child_region for r in only] == ["河北省保定市阜平县"]


def test_summary_names_the_missing_children(db: str) -> None:
    (nation,) = api.hierarchy_summary("gdp", 2025, db, parent="全国")
    assert nation.parent_target == 5.0 and nation.with_target == 3
    assert nation.children == 34 and "河北省" in nation.missing and "青海省" not in nation.missing
    rows = {r.child_region: r for r in api.hierarchy("gdp", 2025, db)}
    assert rows["西藏自治区"].markup == 2.0 and rows["青海省"].markup == -0.5
    assert nation.share_higher == round(2 / 3, 4)  # 西藏 7%, 浙江 5.5%; 青海 4.5%


def test_the_command_and_its_json(db: str) -> None:
    result = CliRunner().invoke(
        cli, ["hierarchy", "--db", db, "--indicator", "gdp", "--year", "2021", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "保定市" in result.output and '"markup": 1.5' in result.output
    wrong = CliRunner().invoke(
        cli, ["hierarchy", "--db", db, "--indicator", "joy", "--year", "2021"]
    )
    assert wrong.exit_code == 1 and "unknown indicator" in wrong.stderr


def test_a_database_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        api.hierarchy("gdp", 2021, str(tmp_path / "nosuch.db"))


def test_the_synthetic_collection_is_deterministic_and_reads_as_real(tmp_path: Path) -> None:
    """Issue 16: benchmarks/synthetic.py gives real reports to real divisions and years,
    numbers perturbed; the same seed gives the same files, and each reads with the
    division and year it was given."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("synthetic", root / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    corpus = require_corpus()
    first = synthetic.build(corpus, tmp_path / "a", 4, seed=3)
    again = synthetic.build(corpus, tmp_path / "b", 4, seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    other = synthetic.build(corpus, tmp_path / "c", 4, seed=4)
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]
    for path in first:
        header = path.read_text(encoding="utf-8").splitlines()[:2]
        year = int(header[1].removeprefix("年份:"))
        doc = api.parse(path)
        assert doc.metadata.value("year") == year
        assert doc.metadata.value("region") and api.extract(doc)
