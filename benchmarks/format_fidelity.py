"""Do the facts survive another form of the same report?  Each corpus report is set
(tests/formats.py) as a text PDF that wraps its lines every W characters (pages break
lines inside sentences), as a web copy that lost its line breaks (the report glued
into one line under its page chrome), as a copy in traditional characters
and as copies typed another way (full-width digits and signs, ASCII punctuation,
indented paragraphs parted by blank lines, numbers set apart by spaces, parts numbered
第一部分 or 一．, names glossed in brackets: 生产总值（GDP）, the targets as a numbered
or a dashed list), and as a PDF with a running head and a folio on each page; each is read
back and its headline facts compared with those of the report's own file.

Run: .venv/bin/python benchmarks/format_fidelity.py [CORPUS_DIR] [--jobs N]
         [--forms pdf28,pdf34,pdf40,pdf47,pdf55,one-line,traditional,fullwidth,halfwidth,
                  indented,spaced-numbers,part-headings,dot-headings,glossed-names,
                  listed-targets,dashed-targets,pdf40-folios]

Prints, per form, the share of reports that give the same facts and of facts kept, and
the reports that differ (facts lost and gained).  Copies whose web text already breaks
lines inside words differ as PDFs for a reason of their own (a page sets those pieces as
short lines).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests/formats.py, the PDF maker the tests use

from tests import formats  # noqa: E402

from gwrkit import api  # noqa: E402
from gwrkit.core.errors import GwrkitError  # noqa: E402
from gwrkit.core.schema import Fact  # noqa: E402

Key = tuple[object, ...]


def _keys(facts: Iterable[Fact]) -> list[Key]:
    return sorted(
        (
            (f.indicator, f.measure, f.status, f.period, f.value, f.low, f.high, f.modifier)
            for f in facts
        ),
        key=str,
    )


_TEXT_FORMS = {
    "fullwidth": formats.to_fullwidth,
    "halfwidth": formats.to_halfwidth,
    "indented": formats.to_indented,
    "spaced-numbers": formats.to_spaced_numbers,
    "part-headings": formats.to_part_headings,
    "dot-headings": formats.to_dot_headings,
    "glossed-names": formats.to_glossed_names,
    "listed-targets": formats.to_listed_targets,
    "dashed-targets": formats.to_dashed_targets,
}


def _set(text: str, form: str) -> tuple[bytes, str]:
    if form == "one-line":
        return formats.to_one_line(text), "report.txt"
    if form == "traditional":
        return formats.to_traditional(text), "report.txt"
    if form in _TEXT_FORMS:
        return _TEXT_FORMS[form](text), "report.txt"
    if form.endswith("-folios"):  # pdf40-folios: a running head and a folio on each page
        return formats.to_pdf(text, int(form[3:].split("-")[0]), folios=True), "report.pdf"
    return formats.to_pdf(text, int(form.removeprefix("pdf"))), "report.pdf"


def _compare(job: tuple[str, str, str]) -> tuple[str, str, int, list[Key], list[Key]]:
    corpus, path, form = job
    source = Path(corpus) / path
    reference = api.parse(source)
    text = reference.original if source.suffix == ".docx" else source.read_text(encoding="utf-8")
    base = _keys(api.extract(reference))
    try:
        got = _keys(api.extract(api.parse_bytes(*_set(text, form))))
    except GwrkitError as exc:
        return path, form, len(base), [("unread", str(exc))], []
    lost = [k for k in base if k not in got]
    gained = [k for k in got if k not in base]
    return path, form, len(base), lost, gained


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument(
        "--forms",
        default="pdf28,pdf34,pdf40,pdf47,pdf55,one-line,traditional,"
        "fullwidth,halfwidth,indented,spaced-numbers,part-headings,dot-headings,glossed-names,"
        "listed-targets,dashed-targets,pdf40-folios",
    )
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    with open(corpus / "MANIFEST.tsv", encoding="utf-8") as fh:
        paths = [row["path"] for row in csv.DictReader(fh, delimiter="\t")]
    # china_2020.txt is itself an HTML fragment: its text is not the report's text
    paths = [p for p in paths if "china_2020" not in p]
    forms = args.forms.split(",")
    jobs = [(str(corpus), p, form) for form in forms for p in paths]
    results: dict[str, list[tuple[str, str, int, list[Key], list[Key]]]] = {f: [] for f in forms}
    with ProcessPoolExecutor(args.jobs) as pool:
        for result in pool.map(_compare, jobs, chunksize=4):
            results[result[1]].append(result)
    for form in forms:
        rows = results[form]
        facts = sum(r[2] for r in rows)
        lost = sum(len(r[3]) for r in rows)
        differ = [r for r in rows if r[3] or r[4]]
        print(
            f"{form}: {len(rows) - len(differ)} of {len(rows)} reports give the same "
            f"facts; {facts - lost} of {facts} facts kept ({1 - lost / max(1, facts):.2%}), "
            f"{sum(len(r[4]) for r in rows)} gained"
        )
        for path, _w, _n, lost_keys, gained_keys in differ:
            print(f"  {path}: lost {lost_keys[:3]} gained {gained_keys[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
