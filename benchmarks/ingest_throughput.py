"""Ingest the whole corpus into a fresh database: wall time, reports per second, peak
memory; then ingest it again, which must be a no-op, and time that too.

Run: .venv/bin/python benchmarks/ingest_throughput.py [CORPUS_DIR] [--db URL] [--workers N]
                                                     [--extract-sample N]
Without --db a temporary SQLite file is used.  A PostgreSQL URL must name an empty
database or schema (e.g. postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dbench).
--extract-sample N first reads and extracts N of the files (every k-th, in this process,
on one core, storing nothing) three times: what `gwrkit extract` does (the headline
facts), what `gwrkit extract --all` does (every quantity: the facts ingest stores), and
what ingest extracts to store (every quantity and the formulations); then prints ingest's
throughput per worker as a share of each (issue 16: at least 80%), for storing (with
linking) and for the whole run (with the search index and pages made after).  It also
times the least any ingest must do with a file: read it, extract every quantity and put
its sentences in a trigram search index (SQLite's FTS5, in memory), and prints that as a
share of `gwrkit extract`: the most the whole ingest could reach were storing, linking,
formulations and pages free.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from gwrkit import api
from gwrkit.pipeline import expand_paths, record_of
from gwrkit.store import catalog


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    parser.add_argument("corpus", nargs="?", default=os.environ.get("GWRKIT_CORPUS", default))
    parser.add_argument("--db", default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--extract-sample", type=int, default=0)
    args = parser.parse_args()
    extract_rate = _extract_rate(Path(args.corpus), args.extract_sample)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or str(Path(tmp) / "bench.db")
        cpu, kids_cpu = time.process_time(), _children_cpu()
        first = api.ingest([args.corpus], url, args.workers)
        cpu, kids_cpu = time.process_time() - cpu, _children_cpu() - kids_cpu
        again = api.ingest([args.corpus], url, args.workers)
        store = api.open_store(url)
        counts = catalog.counts(store)
        size = Path(url).stat().st_size / 1e6 if Path(url).exists() else None
        if store.dialect == "postgresql":  # the schema's tables with their indexes and TOAST
            size = store.rows(
                "SELECT SUM(pg_total_relation_size(c.oid)) / 1e6 AS mb FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            )[0]["mb"]
            size = float(size) if size is not None else None
        store.close()
    if first.failed:
        print(f"{first.failed} files failed: {first.failures[:3]}", file=sys.stderr)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"database             {'SQLite (temporary file)' if args.db is None else args.db}")
    print(f"workers              {args.workers or os.cpu_count()}")
    print(f"reports              {first.added} added, {first.failed} failed of {first.files}")
    print(
        f"stored               {counts['facts']} facts, {counts['sentences']} sentences"
        + (f", {size:.1f} MB on disk" if size else "")
    )
    rate = first.files / first.seconds
    done = first.completion
    after = done.seconds if done else 0.0
    stored_rate = first.files / (first.seconds - after)
    print(f"first ingest         {first.seconds:.2f} s wall, {rate:.1f} reports/s")
    print(
        f"  storing, linking   {first.seconds - after:.2f} s, {stored_rate:.1f} reports/s"
        f"\n  completing         {after:.2f} s: {done.indexed if done else 0} reports indexed"
        f" for search, {done.pages if done else 0} pages"
    )
    print(
        f"second ingest        {again.seconds:.3f} s wall: {again.unchanged} unchanged, "
        f"{again.added} added (a no-op)"
    )
    print(f"peak RSS             {own:.0f} MB main process, {kids:.0f} MB largest worker")
    n = max(1, first.added)
    print(
        f"CPU a report         {1000 * cpu / n:.1f} ms in the main process (the writer),"
        f" {1000 * kids_cpu / n:.1f} ms in workers"
    )
    if extract_rate:
        workers = min(args.workers or os.cpu_count() or 1, first.files)
        names = ("gwrkit extract", "gwrkit extract --all", "what ingest stores")
        for name, alone in zip(names, extract_rate[:3], strict=True):
            print(f"extract alone        {alone:.1f} reports/s on one core: {name}")
            for what, r in (("storing", stored_rate), ("whole ingest", rate)):
                per = r / workers
                print(f"  {what:18s} {per:.1f} reports/s per worker = {per / alone:.0%} of it")
        floor = extract_rate[3]
        print(
            f"least ingest can do  {floor:.1f} reports/s on one core (read, every quantity,"
            f" the search index) = {floor / extract_rate[0]:.0%} of gwrkit extract"
        )
    return 0 if again.added == 0 and again.reextracted == 0 else 1


def _children_cpu() -> float:
    """CPU seconds of the ended worker processes of this one."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _extract_rate(corpus: Path, sample: int) -> tuple[float, float, float, float] | None:
    """Reports per second that reading and extracting alone (no store) reach on one core,
    over ``sample`` files spread through the collection: the headline facts (`gwrkit
    extract`), every quantity (`gwrkit extract --all`: the facts ingest stores), the
    record ingest stores (every quantity, the formulations), and every quantity with the
    sentences put in a trigram search index (in memory, as catalog.index_for_search
    does)."""
    if sample <= 0:
        return None
    files = expand_paths([corpus])  # the report files ingest reads
    step = max(1, len(files) // sample)
    chosen = files[::step][:sample]
    index = sqlite3.connect(":memory:")
    index.execute("CREATE VIRTUAL TABLE s USING fts5(text, tokenize = 'trigram')")

    def indexed(path: str) -> None:
        doc = api.parse(path)
        api.extract(doc, True)
        with index:
            index.executemany("INSERT INTO s (text) VALUES (?)", ((s.text,) for s in doc.sentences))

    rates = []
    for work in (
        lambda p: api.extract(api.parse(p)),
        lambda p: api.extract(api.parse(p), True),
        lambda p: record_of(api.parse(p)),
        indexed,
    ):
        start = time.perf_counter()
        for path in chosen:
            work(path)
        rates.append(len(chosen) / (time.perf_counter() - start))
    return rates[0], rates[1], rates[2], rates[3]


if __name__ == "__main__":
    raise SystemExit(main())
