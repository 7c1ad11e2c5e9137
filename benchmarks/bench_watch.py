"""Throughput of ``presswatch watch``: items per second from a feed, through the durable queue, into SQLite.

A loopback news site (the tests' invented pages, ``tests/watch/feedserver.py``) runs in a child process, so that it
does not share the watcher's interpreter lock. Stages, each on a fresh store:

- ``enqueue``: one poll of a feed of ``--items`` items (fetch, parse, one transaction queueing them all);
- ``store, analyzers off``: the same items fetched, extracted and stored (``--analyzers none``);
- ``store, analyzers on``: the first ``--analysed`` items with the default analyzers (a subset: the analysis costs
  far more than the rest), incident linking included.

Each store stage stops after ``--budget`` seconds (after the batch in hand), so the run stays within a few minutes
on a slow or shared machine; ``complete`` says whether it stored all its items or a first part of them. A warm-up on
16 other items loads the extractor's and the analyzers' models first. Prints items per second (wall and CPU) for
each stage, and how many times slower the analysed stage is, as JSON.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_watch.py [--items 10000] [--analysed 200] [--budget 90]
        [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "watch"))

from feedserver import Site, serve  # noqa: E402 (the tests' loopback site)

from presswatch.ingest.fetch import FetchSettings  # noqa: E402
from presswatch.store import open_store  # noqa: E402
from presswatch.watch.poller import Watcher, WatchOptions  # noqa: E402
from presswatch.watch.registry import save_source, validate  # noqa: E402


def _site(items: int, feeds: dict[str, int], ready: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    """The child process: serve ``items`` pages and one feed per entry of ``feeds`` (path -> number of items)."""
    site = Site()
    with serve(site):
        for path, n in feeds.items():
            site.add_items(list(range(n)), feed_path=path)
        ready.put(site.base)
        stop.wait()


def _run(
    base: str,
    feed: str,
    expected: int,
    analyzers: list[str] | None,
    workdir: Path,
    poll_only: bool = False,
    budget: float | None = None,
) -> dict[str, object]:
    """One stage on a fresh store; with ``budget`` (seconds), the watcher is asked to stop once it is spent, and the
    figures are those of the items stored until then."""
    db = workdir / f"bench-{time.monotonic_ns()}.sqlite"
    with open_store(db) as store:
        save_source(store, validate({"name": "Bench", "feed": base + feed}))
        opts = WatchOptions(
            analyzers=analyzers,
            host_delay=0,
            per_host=8,
            workers=8,
            settings=FetchSettings(allow_private_addresses=True, timeout=60),
        )
        watcher = Watcher(store, opts, log=lambda _: None)
        wall, cpu = time.perf_counter(), time.process_time()
        if poll_only:
            with ThreadPoolExecutor(1) as pool:
                n = watcher.poll_due(pool).new_items
        else:
            stop = threading.Event()
            timer = threading.Timer(budget, stop.set) if budget else None
            if timer:
                timer.start()
            n = watcher.run(once=True, stop=stop).stored
            if timer:
                timer.cancel()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if not poll_only and store.count() != n:
            raise SystemExit(f"stored {n} items but the store holds {store.count()} documents")
    return {
        "items": n,
        "complete": n == expected,
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "items_per_second": round(n / wall, 1),
        "items_per_cpu_second": round(n / cpu, 1) if cpu else 0.0,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--analysed", type=int, default=200, help="items stored with the default analyzers (a subset)")
    ap.add_argument(
        "--budget",
        type=float,
        default=90.0,
        help="seconds each store stage may run; it then stops after "
        "the batch in hand and the figures are those of the items stored so far",
    )
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    ctx = multiprocessing.get_context("fork")
    ready, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(
        target=_site,
        args=(args.items, {"/all.xml": args.items, "/some.xml": args.analysed, "/warm.xml": 16}, ready, stop),
        daemon=True,
    )
    server.start()
    base = ready.get(timeout=120)
    out: dict[str, object] = {"items": args.items, "analysed": args.analysed}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            _run(base, "/warm.xml", 16, None, work)  # warm-up: imports, the extractor's data, the analyzers' models
            out["enqueue"] = _run(base, "/all.xml", args.items, [], work, poll_only=True)
            print("enqueue", out["enqueue"], flush=True)
            out["store, analyzers off"] = _run(base, "/all.xml", args.items, [], work, budget=args.budget)
            print("store, analyzers off", out["store, analyzers off"], flush=True)
            out["store, analyzers on"] = _run(base, "/some.xml", args.analysed, None, work, budget=args.budget)
            print("store, analyzers on", out["store, analyzers on"], flush=True)
    finally:
        stop.set()
        server.join(10)
    off, on = out["store, analyzers off"], out["store, analyzers on"]
    out["analysis_slowdown"] = round(off["items_per_second"] / on["items_per_second"], 1)  # type: ignore[index]
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
