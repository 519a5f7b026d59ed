"""List the division names that reports use as common words (合作, 资源, 和平, 安全 …).

Run: .venv/bin/python scripts/build_place_stopwords.py [CORPUS] — prints the YAML list for
`not_place_names` in src/gwrkit/rules/places.yaml.  A name of two characters counts as a
common word when it occurs in at least MIN_SHARE of the corpus reports whose region it is
not part of: a place's own name is used by its own reports and its neighbours', not by
reports from everywhere.  Longer names are tried for counties only (新城区 is a phrase too);
上海, 驻马店 are not common words.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from gwrkit import api
from gwrkit.ingest.regions import lookup, name_keys, short_name

ROOT = Path(__file__).resolve().parents[1]
MIN_SHARE = 0.05
# a province's or prefecture's own short name (上海, 成都, 保定) is named by many reports as
# a place; it is a common word only when nearly every report uses it (长治久安, 白银)
MIN_SHARE_HIGHER = 0.3


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    keys = sorted(
        k for k in name_keys() if len(k) == 2 or all(d.level == "county" for d in lookup(k))
    )
    pattern = re.compile("|".join(sorted(keys, key=len, reverse=True)))
    unrelated: dict[str, int] = {}
    for row in rows:
        text = api.parse(corpus / row["path"]).text
        for key in set(pattern.findall(text)):
            own = any(short_name(d.name) in row["region"] for d in lookup(key))
            if not own:
                unrelated[key] = unrelated.get(key, 0) + 1

    def limit(key: str) -> float:
        higher = any(d.level != "county" and short_name(d.name) == key for d in lookup(key))
        return (MIN_SHARE_HIGHER if higher else MIN_SHARE) * len(rows)

    words = sorted(k for k, n in unrelated.items() if n >= limit(k))
    print(f"# {len(words)} names in {len(rows)} reports", file=sys.stderr)
    print("[" + ", ".join(words) + "]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
