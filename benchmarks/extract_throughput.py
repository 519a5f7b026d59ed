"""End-to-end extraction throughput over the corpus on one core, peak memory, and, on the
same sentences, a general Chinese quantity library as a reference (jionlp's money
extraction).

Run: .venv/bin/python benchmarks/extract_throughput.py [CORPUS_DIR] [--repeat N]
The reference needs `pip install jionlp` (GPL-3.0, ~250 MB; benchmark only, never a
dependency of gwrkit); without it that part is skipped with a note.

Figures: MB/s of input file bytes for read + structure + headline extraction (and with
--all quantities); then MB/s of sentence text (UTF-8 bytes) for gwrkit's sentence
extractor and for jionlp.ner.extract_money on exactly the same sentences.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from gwrkit import api
from gwrkit.extract.context import paragraph_contexts
from gwrkit.extract.facts import extract_text
from gwrkit.extract.quantities import find_quantities


def _best(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


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
    mb = sum(f.stat().st_size for f in files) / 1e6
    api.extract(api.parse(files[0]))  # warm up: imports and rules

    def headline() -> None:
        for f in files:
            api.extract(api.parse(f))

    def everything() -> None:
        for f in files:
            api.extract(api.parse(f), all_quantities=True)

    t_head = _best(args.repeat, headline)
    t_all = _best(args.repeat, everything)
    tracemalloc.start()
    facts = sum(len(api.extract(api.parse(f))) for f in files)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"reports                       {len(files)}  ({mb:.2f} MB)")
    print(f"headline facts                {facts}")
    print(
        f"read+structure+extract        {mb / t_head:.2f} MB/s  (best of {args.repeat}, one core)"
    )
    print(f"  ... with --all quantities   {mb / t_all:.2f} MB/s")
    print(f"peak traced memory            {peak / 1e6:.1f} MB (one report at a time)")
    print(f"peak RSS                      {rss:.0f} MB")

    # the same sentences for both extractors
    work: list[tuple[str, object]] = []
    for f in files:
        doc = api.parse(f)
        contexts = paragraph_contexts(doc)
        work.extend((s.text, contexts[s.paragraph]) for s in doc.sentences)
    sentences = [t for t, _ in work]
    smb = sum(len(t.encode("utf-8")) for t in sentences) / 1e6

    def ours() -> None:
        for text, ctx in work:
            extract_text(text, ctx)  # type: ignore[arg-type]
            find_quantities(text)

    t_ours = _best(args.repeat, ours)
    print(f"sentences                     {len(sentences)}  ({smb:.2f} MB of text)")
    print(f"gwrkit sentence extraction    {smb / t_ours:.2f} MB/s  (facts and all quantities)")
    try:
        import jionlp  # type: ignore[import-not-found]
    except ImportError:
        print("jionlp                        not installed (pip install jionlp); skipped")
        return 0
    jionlp.ner.extract_money(sentences[0])  # warm up its tables

    def theirs() -> None:
        for text in sentences:
            jionlp.ner.extract_money(text)

    t_ref = _best(1, theirs)
    money = sum(len(jionlp.ner.extract_money(t)) for t in sentences)
    ours_money = sum(
        1
        for t in sentences
        for q in find_quantities(t)
        if q.unit is not None and q.unit.dim in ("money_cny", "money_usd")
    )
    print(f"jionlp.ner.extract_money      {smb / t_ref:.2f} MB/s  (money only, one run)")
    print(f"money amounts found           jionlp {money}, gwrkit {ours_money}")
    print(f"gwrkit / jionlp speed         {t_ref / t_ours:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
