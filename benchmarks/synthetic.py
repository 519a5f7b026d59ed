"""A synthetic collection for scale (issue 16): N reports made from the real corpus, each
given to a real division and year from the division table, with its numbers perturbed,
so that text, facts and their distributions look real.  Deterministic from the seed.
Benchmarks only: never part of the product.

Run: .venv/bin/python benchmarks/synthetic.py OUT_DIR [--count 1000] [--seed 7] [CORPUS_DIR]
then: .venv/bin/python benchmarks/ingest_throughput.py OUT_DIR

Each synthetic report is a .txt whose first lines name its region and year, as a
scraper's header would (标题/年份), and whose body is a real report of the same level
from its 各位代表 on, with its own region and year replaced and every number multiplied
by a factor near 1.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
from pathlib import Path

from gwrkit import api
from gwrkit.core.schema import Document
from gwrkit.ingest.regions import all_divisions

NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")
YEAR = re.compile(r"(?<!\d)(19|20)(\d\d)(?=年)")


def _perturb(text: str, rng: random.Random) -> str:
    """Every number that is not a year times a factor in [0.9, 1.1], written with as
    many decimals as before."""

    def one(m: re.Match[str]) -> str:
        raw = m.group(1)
        after = text[m.end() : m.end() + 1]
        if after == "年" and len(raw) == 4:
            return raw  # a year: shifted elsewhere
        places = len(raw.split(".")[1]) if "." in raw else 0
        value = float(raw) * rng.uniform(0.9, 1.1)
        return f"{value:.{places}f}"

    return NUMBER.sub(one, text)


def _shift_years(text: str, by: int) -> str:
    return YEAR.sub(lambda m: str(int(m.group(1) + m.group(2)) + by), text)


def build(corpus: Path, out: Path, count: int, seed: int) -> list[Path]:
    """Write ``count`` synthetic reports under ``out`` (by level), deterministic from
    ``seed``; the paths written."""
    rng = random.Random(seed)
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    # not the national reports: their text names the State Council and the whole country,
    # so each copy was read as one more national report (21% of a collection, all of one
    # region, whose linking then held every one of them in memory)
    sources = [r for r in rows if r["path"].endswith(".txt") and r["level"] != "national"]
    by_level: dict[str, list[object]] = {}
    for d in all_divisions():
        by_level.setdefault(d.level, []).append(d)
    written = []
    parsed: dict[str, Document] = {}  # each source is read once, however often it is drawn
    for i in range(count):
        src = rng.choice(sources)
        doc = parsed.get(src["path"])
        if doc is None:
            doc = parsed[src["path"]] = api.parse(corpus / src["path"])
        level = str(doc.metadata.value("level") or src.get("level") or "county")
        division = rng.choice(by_level.get(level) or by_level["county"])
        first = max(int(division.start), 2005)  # type: ignore[attr-defined]
        last = min(int(division.end or 2027) - 1, 2026)  # type: ignore[attr-defined]
        year = rng.randint(first, last) if last >= first else first
        old_year = int(doc.metadata.value("year") or year)
        text = doc.original[doc.body_span()[0] :]
        opening = text.find("各位代表")
        text = text[opening:] if opening >= 0 else text  # the header names place and year
        region = str(doc.metadata.value("region") or "")
        for name in {region, region[-3:]} - {""}:
            text = text.replace(name, division.name)  # type: ignore[attr-defined]
        text = _perturb(_shift_years(text, year - old_year), rng)
        header = f"标题:{year}年{division.name}政府工作报告\n年份:{year}\n"  # type: ignore[attr-defined]
        path = out / level / f"synthetic_{i:06d}_{year}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(header + text, encoding="utf-8")
        written.append(path)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    parser.add_argument("out")
    parser.add_argument("corpus", nargs="?", default=os.environ.get("GWRKIT_CORPUS", default))
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    written = build(Path(args.corpus), Path(args.out), args.count, args.seed)
    size = sum(p.stat().st_size for p in written)
    print(f"{len(written)} synthetic reports, {size / 1e6:.1f} MB, under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
