"""Parse throughput over the whole corpus on one core, and peak memory.

Run: .venv/bin/python benchmarks/parse_throughput.py [CORPUS_DIR] [--repeat N]
Prints MB/s of input bytes (read + decode + normalise + structure + metadata).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from gwrkit import api


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    parser.add_argument("corpus", nargs="?", default=os.environ.get("GWRKIT_CORPUS", default))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(Path(args.corpus).glob("*/*.txt"))
    if not files:
        print(f"no reports under {args.corpus}", file=sys.stderr)
        return 1
    total = sum(f.stat().st_size for f in files)
    api.parse(files[0])  # warm up: imports, rules, division table
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for f in files:
            api.parse(f)
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    for f in files:
        api.parse(f)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mb = total / 1e6
    print(f"reports            {len(files)}")
    print(f"input              {mb:.2f} MB")
    print(f"best of {args.repeat} runs      {best:.3f} s")
    print(f"throughput         {mb / best:.2f} MB/s (one core)")
    print(f"reports per second {len(files) / best:.1f}")
    print(f"peak traced memory {peak / 1e6:.1f} MB (one report at a time)")
    print(f"peak RSS           {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
