"""Bad input: one line naming the file and the reason, exit code 1, no traceback."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from gwrkit import api
from gwrkit.cli import cli
from gwrkit.core.errors import IngestError

from . import formats
from .conftest import require_corpus

REPORT = "政府工作报告\n各位代表:\n一、2024年工作回顾\n地区生产总值增长5%。\n"


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    return buf.getvalue()


def _cases(tmp: Path) -> list[tuple[str, bytes, str]]:
    pdf = formats.to_pdf(REPORT * 20)
    return [
        ("empty.txt", b"", "empty"),
        ("junk.txt", os.urandom(4096) + b"\x00\x00", "binary"),
        ("notzip.docx", b"this is not a zip archive at all", "not a valid .docx"),
        ("bomb.docx", _zip_bomb(), "zip bomb"),
        ("truncated.pdf", pdf[: len(pdf) // 3], "PDF"),
        ("report.xyz", REPORT.encode("utf-8"), "unknown file type"),
        ("undecodable.txt", bytes(range(0x80, 0x100)) * 40, "decode"),
        ("english.txt", b"just some english text, no report here\n" * 10, "no Chinese report text"),
    ]


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    tmp = tmp_path_factory.mktemp("bad")
    out = []
    for name, data, reason in _cases(tmp):
        path = tmp / name
        path.write_bytes(data)
        out.append((path, reason))
    return out


def test_each_bad_file_gives_one_clear_line(bad_files: list[tuple[Path, str]]) -> None:
    runner = CliRunner()
    for path, reason in bad_files:
        result = runner.invoke(cli, ["parse", str(path)])
        assert result.exit_code == 1, (path, result.output)
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1, result.stderr
        assert str(path) in lines[0] and reason.lower() in lines[0].lower(), lines[0]
        assert "Traceback" not in result.output + result.stderr


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(REPORT * 100, encoding="utf-8")
    result = CliRunner(env={"GWRKIT_MAX_BYTES": "1000"}).invoke(cli, ["parse", str(path)])
    assert result.exit_code == 1
    assert "over the limit of 1000 bytes" in result.stderr


def test_batch_goes_on_after_a_failure(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"nope")
    result = CliRunner().invoke(cli, ["parse", "--format", "json", str(bad), str(good)])
    assert result.exit_code == 1
    assert '"source"' in result.stdout and "good.txt" in result.stdout
    assert "bad.docx" in result.stderr


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "gwrkit", "parse", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0
    assert "Traceback" not in proc.stderr
    assert "empty.pdf" in proc.stderr


def test_scanned_pdf_is_named_as_such(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.rect(50, 50, 400, 600, fill=1)  # an image-like page with no text
    page.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buf.getvalue())
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 1
    assert "no text layer" in result.stderr


def test_bad_override_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path), "--set", "colour=blue"])
    assert result.exit_code == 2


def test_a_docx_that_unpacks_to_a_flood_of_xml_is_refused_at_once(tmp_path: Path) -> None:
    """Issue 13: a 2.2 MB .docx that unpacked to 152 MB took 342 s and 6.6 GB.  The
    text parts of a real report unpack to a fraction of a megabyte; a docx whose XML
    unpacks past the limit (here 150 MB, under the old 200 MB cap) is refused before
    anything is unpacked, and the reason names the file."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:p/>" * (25 * 1024 * 1024))
    path = tmp_path / "flood.docx"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 3 * 1024 * 1024
    with pytest.raises(IngestError) as caught:
        api.parse(path)
    assert "flood.docx" in str(caught.value) and "zip bomb" in str(caught.value)
    corpus = require_corpus()
    for docx in sorted(corpus.glob("*/*.docx"))[:10]:  # real reports still read
        assert api.parse(docx).paragraphs


def test_the_installed_command_exits_with_the_error_code(tmp_path: Path) -> None:
    """The one error boundary's exit code reaches the shell (a gwrkit error is 1, not 0)."""
    missing = tmp_path / "missing.db"
    run = subprocess.run(
        [sys.executable, "-m", "gwrkit", "targets", "--db", str(missing)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1 and run.stderr.startswith("gwrkit: error:"), run.stderr
    assert "no such database" in run.stderr and "Traceback" not in run.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "gwrkit", "parse", "samples/qinglan_2024.txt"],
        capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert ok.returncode == 0


def test_a_read_error_crosses_processes_whole(tmp_path: Path) -> None:
    """An IngestError raised in a worker process reaches the caller as itself, naming the
    file: it broke the whole pool (BrokenProcessPool) when it could not be unpickled."""
    err = pickle.loads(pickle.dumps(IngestError("a.txt", "the file is empty")))
    assert (err.path, err.reason, str(err)) == (
        "a.txt",
        "the file is empty",
        "a.txt: the file is empty",
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with ProcessPoolExecutor(1) as pool, pytest.raises(IngestError) as raised:
        pool.submit(api.parse, str(empty)).result()
    assert raised.value.path == str(empty) and "empty" in raised.value.reason
