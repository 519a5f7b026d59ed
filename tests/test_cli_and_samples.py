"""The CLI on the bundled sample reports (a fictional prefecture, invented numbers)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import gwrkit
from gwrkit import api
from gwrkit.cli import cli
from gwrkit.core.text import to_halfwidth

from .conftest import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_samples_parse_with_metadata(path: object) -> None:
    doc = api.parse(str(path))
    md = doc.metadata
    year = int(str(path).rsplit("_", 1)[1][:4])
    assert md.value("region") == "青岚州"
    assert md.value("level") == "prefecture"
    assert md.value("admin_code") is None and "division table" in md.admin_code.reason
    assert md.value("year") == year
    assert md.value("years_reviewed") == [year - 1]
    assert md.value("speaker") == "林远" and md.value("speaker_title") == "州长"
    roles = [s.role for s in doc.sections if s.level == 1]
    assert roles == ["review", "tasks", "self_building"]
    para_roles = {p.role for p in doc.paragraphs}
    assert {
        "preamble",
        "review",
        "problems",
        "targets",
        "tasks",
        "self_building",
        "closing",
    } <= para_roles


def test_parse_json_is_stable() -> None:
    result = CliRunner().invoke(cli, ["parse", "--format", "json", str(SAMPLE_FILES[0])])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    doc = data[0]
    assert set(doc) == {
        "schema",
        "source",
        "format",
        "encoding",
        "sha256",
        "chars",
        "metadata",
        "sections",
        "paragraphs",
        "sentences",
    }
    original = SAMPLE_FILES[0].read_text(encoding="utf-8")
    for s in doc["sentences"]:
        raw = to_halfwidth(original[s["start"] : s["end"]])
        assert "".join(raw.split()) == "".join(s["text"].split())
    assert doc["metadata"]["year"] == {"value": 2023, "source": "occasion line", "reason": None}


def test_table_output_and_override() -> None:
    result = CliRunner().invoke(
        cli, ["parse", str(SAMPLE_FILES[1]), "--set", "admin_code=999999", "--set", "year=2030"]
    )
    assert result.exit_code == 0
    assert "admin_code      999999" in result.stdout
    assert "year            2030" in result.stdout
    assert "[review]" in result.stdout and "targets paragraph:" in result.stdout


def test_public_api() -> None:
    assert set(gwrkit.__all__) >= {
        "parse",
        "parse_bytes",
        "parse_many",
        "GwrkitError",
        "IngestError",
    }
    results = list(api.parse_many([str(SAMPLE_FILES[0]), "missing.txt"]))
    assert results[0].document is not None and results[1].error == "missing.txt: no such file"
