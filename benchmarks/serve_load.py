"""Load on the web app: requests per second and p50/p95 latency for the report reader,
the attainment endpoint and search, at 50 concurrent clients, against a database of the
whole corpus.

Run: .venv/bin/python benchmarks/serve_load.py [CORPUS_DIR] [--seconds 10] [--clients 50]
     [--no-cache] [--workers N] [--db URL] [--reports N]
With --db the server reads that database (a large synthetic collection, say) instead of a
fresh one of the corpus; --reports N loads N readers drawn at random (seed 7), not all.
The server runs in its own processes (`gwrkit serve --workers N`, one per core unless
given: each process listens on its own socket, so connections are dealt out evenly).
The reader serves the page each report got when it was stored (serve/page_store.py);
how many reports have one is printed: with --no-cache every other answer is computed
for the request.  The load comes from wrk (Debian's package, a C client) when it is
installed, else from asyncio tasks with httpx (which then takes much of the CPU itself).
Each endpoint's paths are first requested once each, cold, and those times are printed
too; the load run that follows measures the steady state, in which responses come from
the server's cache (unless --no-cache) until the collection changes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from gwrkit import api


def _pages_kept(db: str, ids: list[int | None]) -> int:
    """How many of the reports loaded have their reader page kept (rendered at ingest)."""
    from gwrkit.serve import page_store

    store = api.open_store(db)
    try:
        return sum(rid is not None and page_store.stored(store, rid) is not None for rid in ids)
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load(base: str, paths: list[str], seconds: float, clients: int) -> list[float]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                started = time.perf_counter()
                r = await client.get(random.choice(paths))
                latencies.append(time.perf_counter() - started)
                if r.status_code != 200:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(clients)))
    if errors:
        print(f"  ({errors} responses were not 200)")
    return latencies


def _wrk(
    wrk: str, base: str, paths: list[str], seconds: float, clients: int
) -> tuple[float, float, float]:
    """Run wrk over ``paths`` (chosen at random per request); (req/s, p50 s, p95 s)."""
    quoted = ", ".join('"' + quote(p, safe="/?=&") + '"' for p in paths)
    script = (
        f"local paths = {{{quoted}}}\n"
        "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        "done = function(summary, latency, requests)\n"
        "  io.write(string.format('RESULT %f %f %f\\n',"
        " summary.requests / (summary.duration / 1e6),"
        " latency:percentile(50) / 1e6, latency:percentile(95) / 1e6))\nend\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    out = subprocess.run(
        [wrk, "-t2", f"-c{clients}", f"-d{int(seconds)}s", "-s", fh.name, base],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"wrk failed: {out.stderr.strip()}")
    os.unlink(fh.name)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("RESULT"))
    rps, p50, p95 = (float(x) for x in line.split()[1:])
    return rps, p50, p95


COLD_PATHS = 1000  # the most paths of an endpoint requested one by one, cold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    parser.add_argument("corpus", nargs="?", default=os.environ.get("GWRKIT_CORPUS", default))
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--no-cache", action="store_true", help="Serve with the response cache off."
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="Server processes (gwrkit serve --workers); one per core by default.",
    )
    parser.add_argument("--db", default=None, help="An existing database to serve.")
    parser.add_argument("--reports", type=int, default=0, help="Readers drawn at random.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "corpus.db")
        if args.db is None:
            api.ingest([args.corpus], db)
        ids = [r.id for r in api.reports(db)]
        total = len(ids)
        if args.reports and args.reports < len(ids):
            ids = random.Random(7).sample(ids, args.reports)
        port = _free_port()
        env = {**os.environ, "GWRKIT_NO_CACHE": "1" if args.no_cache else "0"}
        command = [sys.executable, "-m", "gwrkit", "serve", "--db", db, "--port", str(port)]
        server = subprocess.Popen(
            [*command, "--workers", str(args.workers)],
            stderr=subprocess.DEVNULL,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(base + "/api/reports", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            words = [
                "地区生产总值",
                "城镇新增就业",
                "粮食",
                "居民消费价格",
                "高质量发展",
                "招商引资",
                "乡村振兴",
                "营商环境",
                "新质生产力",
                "民生实事",
            ]
            targets = ["/api/targets?indicator=gdp", "/api/targets?level=province&year=2025",
                       "/api/targets?region=青海省", "/api/targets"]  # fmt: skip
            cases = {
                "report reader": [f"/reports/{i}" for i in ids],
                "attainment": targets,
                "search": [f"/api/search?q={w}" for w in words],
            }
            cache = "off" if args.no_cache else "on"
            print(
                f"{total} reports ({len(ids)} readers loaded), {args.clients} clients,"
                f" {args.seconds:g} s per endpoint,"
                f" response cache {cache}, {args.workers} server process(es),"
                f" {_pages_kept(db, ids)} of {len(ids)} readers kept at ingest"
            )
            wrk = shutil.which("wrk")
            print(f"load from {'wrk' if wrk else 'httpx (wrk not installed)'}")
            for name, paths in cases.items():
                cold = []
                # each path once, cold, where there are few; 1,000 spread over them where
                # there are many (50,000 readers took this client over half an hour)
                firsts = paths[:: max(1, len(paths) // COLD_PATHS)]
                with httpx.Client(timeout=60) as client:
                    for path in firsts:
                        started = time.perf_counter()
                        client.get(base + path)
                        cold.append(time.perf_counter() - started)
                print(
                    f"{name:14} cold: mean {statistics.mean(cold) * 1000:6.1f} ms, "
                    f"max {max(cold) * 1000:6.1f} ms over {len(firsts)} of {len(paths)} paths"
                )
                if wrk:
                    rps, p50, p95 = _wrk(wrk, base, paths, args.seconds, args.clients)
                else:
                    lat = asyncio.run(_load(base, paths, args.seconds, args.clients))
                    q = statistics.quantiles(lat, n=100)
                    rps, p50, p95 = len(lat) / args.seconds, q[49], q[94]
                print(
                    f"{name:14} load: {rps:7.1f} req/s   "
                    f"p50 {p50 * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms"
                )
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:  # a worker still finishing a request
                server.kill()
                server.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
