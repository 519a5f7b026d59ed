"""Build src/gwrkit/rules/divisions.tsv from ../shared/divisions/areacodes_result.csv.

Run: .venv/bin/python scripts/build_divisions.py [CSV]
The source is the areacodes dataset (CC0 1.0): every county-level-and-above division code
used since 1981, one record per (code, period of use).  The shipped table keeps one row
per record with its years of use, the parent's code as of the record's first year, the
full name (province + prefecture + name) and the successor codes.  The build is
deterministic: tests/test_divisions.py rebuilds it and compares it with the shipped file.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "gwrkit" / "rules" / "divisions.tsv"
SOURCE = ROOT.parent / "shared" / "divisions" / "areacodes_result.csv"
LEVELS = {"省级": "province", "地级": "prefecture", "县级": "county"}
HEADER = (
    "# Administrative divisions of China since 1981, one row per (code, years of use).\n"
    "# Source: the areacodes dataset (github yescallop/areacodes, result.csv, commit\n"
    "# eed219a0678d36bacaa717f62443b10e869f0291, 2025-11-04), CC0 1.0; built by\n"
    "# scripts/build_divisions.py.  start: first year in use; end: first year no longer in\n"
    "# use (empty: in use); parent: the parent's code in the record's first year;\n"
    "# successors: codes after a change (code[YEAR] where the area changed that year).\n"
)
COLUMNS = ("code", "start", "end", "name", "level", "parent", "full_name", "successors")

Record = dict[str, str]


def _overlaps(a: Record, b: Record) -> bool:
    a_end = int(a["变更/弃用时间"] or 9999)
    b_end = int(b["变更/弃用时间"] or 9999)
    return int(a["启用时间"]) < b_end and int(b["启用时间"]) < a_end


def _parent(rec: Record, provinces: dict[str, list[Record]], prefs: list[Record]) -> str:
    level = LEVELS[rec["级别"]]
    if level == "province":
        return ""
    province = next((p for p in provinces.get(rec["一级行政区"], []) if _overlaps(p, rec)), None)
    province_code = province["代码"] if province else ""
    if level == "prefecture" or rec["二级行政区"] in {"", "直辖"}:
        return province_code
    start = int(rec["启用时间"])
    named = [
        p
        for p in prefs
        if p["名称"] == rec["二级行政区"]
        and p["一级行政区"] == rec["一级行政区"]
        and _overlaps(p, rec)
    ]
    named.sort(key=lambda p: (not int(p["启用时间"]) <= start, int(p["启用时间"])))
    return named[0]["代码"] if named else province_code


def _full_name(rec: Record) -> str:
    level = LEVELS[rec["级别"]]
    if level == "province":
        return rec["名称"]
    if level == "prefecture" or rec["二级行政区"] in {"", "直辖"}:
        return rec["一级行政区"] + rec["名称"]
    return rec["一级行政区"] + rec["二级行政区"] + rec["名称"]


def render(csv_text: str) -> str:
    """The shipped TSV for the areacodes CSV text."""
    records = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    provinces: dict[str, list[Record]] = {}
    for r in records:
        if r["级别"] == "省级":
            provinces.setdefault(r["名称"], []).append(r)
    prefs = [r for r in records if r["级别"] == "地级"]
    rows = []
    for r in records:
        rows.append(
            (
                r["代码"],
                r["启用时间"],
                r["变更/弃用时间"],
                r["名称"],
                LEVELS[r["级别"]],
                _parent(r, provinces, prefs),
                _full_name(r),
                r["新代码"],
            )
        )
    rows.sort(key=lambda row: (row[0], int(row[1])))
    body = "".join("\t".join(row) + "\n" for row in rows)
    return HEADER + "\t".join(COLUMNS) + "\n" + body


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    OUT.write_text(render(source.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"divisions written to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
