"""Batch engines: documents per second with 1 and 2 workers, locally (a process pool) and on Ray, over the same
generated documents; the speed-up of 2 workers over 1; each worker's peak memory; the CPU cost of a document.

The documents are invented here (news-like HTML pages, 150-300 words, built from templates with varied places,
people, numbers and quotes): nothing is read from a data set. Each engine is started and warmed up (every worker
loads its models on a first round of other documents) before the timed run, so that the figures are the steady
throughput; the start-up time is printed apart. What is timed: the parent reads each file and hands chunks to the
workers, which extract and analyse them; nothing is stored (storing is the parent's, the same for every engine).

``sequential`` is :func:`presswatch.pipeline.process` in this process, the path ``presswatch ingest`` takes with
one worker. ``local 1`` is a pool of one worker process: the base of the ratios, so that they measure the engine's
scaling alone. CPU s/doc is the workers' own CPU time (``time.process_time`` in each worker, all its threads) per
document: the figure a capacity estimate needs, and much steadier than wall time on a shared machine.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_engines.py --docs 2000 [--analyzers entities,sourcing] [--engines local,ray]
        [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PLACES = [
    "Lviv",
    "Odesa",
    "Kherson",
    "Geneva",
    "Tbilisi",
    "Yerevan",
    "Baku",
    "Kyiv",
    "Warsaw",
    "Vilnius",
    "Riga",
    "Chisinau",
    "Bucharest",
    "Sofia",
    "Ankara",
    "Brussels",
    "Vienna",
    "Prague",
    "Minsk",
    "Tallinn",
]
PEOPLE = [
    "Anna Berg",
    "Ivan Petrenko",
    "Maria Lopez",
    "Tomas Novak",
    "Lena Fischer",
    "Omar Haddad",
    "Nino Beridze",
    "Piotr Zielinski",
    "Sara Costa",
    "David Mkrtchyan",
]
BODIES = [
    "the ministry of defence",
    "the regional governor",
    "the city council",
    "the border service",
    "the mission's monitors",
    "the foreign ministry",
    "a local aid group",
    "the port authority",
]
EVENTS = [
    "a convoy of {n} lorries left {p} for the port",
    "{n} shells hit the outskirts of {p} overnight",
    "talks in {p} resumed after a pause of {n} days",
    "{n} families were moved from villages near {p}",
    "the bridge at {p} reopened after {n} weeks of repairs",
    "a storm cut power to {n} homes in {p}",
    "observers counted {n} violations near {p}",
    "prices of bread in {p} rose by {n} per cent",
]
CLAIMS = [
    '"We will not stop until the work is done," said {who}, a spokesperson for {body}.',
    "According to {body}, the figures could not be verified independently.",
    "Sources who asked not to be named said the decision had been taken weeks earlier.",
    "{who} told reporters that the situation in {p} remained tense but calm.",
    "The other side dismissed the report as false and called it a provocation.",
    "Residents said they had heard explosions late in the evening.",
    "{body} said in a statement that it would publish a full account on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_page(i: int, rng: random.Random) -> str:
    p = rng.choice(PLACES)
    paragraphs = []
    for _ in range(rng.randint(4, 7)):
        sentences = [
            rng.choice(EVENTS).format(n=rng.randint(2, 90), p=rng.choice(PLACES)).capitalize()
            + ", "
            + rng.choice(BODIES)
            + f" said on {rng.choice(DAYS)}."
        ]
        for _ in range(rng.randint(2, 3)):
            sentences.append(
                rng.choice(CLAIMS).format(
                    who=rng.choice(PEOPLE), body=rng.choice(BODIES), p=rng.choice(PLACES), day=rng.choice(DAYS)
                )
            )
        paragraphs.append(" ".join(s[0].upper() + s[1:] for s in sentences))
    title = f"Report {i}: the situation in {p}"
    body = "".join(f"<p>{x}</p>\n" for x in paragraphs)
    return (
        f"<html><head><title>{title}</title><meta name='date' content='2024-03-{i % 28 + 1:02d}'></head>"
        f"<body><article><h1>{title}</h1>\n{body}</article></body></html>"
    )


def write_pages(folder: Path, n: int, seed: int, prefix: str) -> list[str]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        p = folder / f"{prefix}{i:06d}.html"
        p.write_text(make_page(i, rng), encoding="utf-8")
        paths.append(str(p))
    return paths


def run_sequential(paths: list[str], warm: list[str], names: list[str]) -> dict[str, Any]:
    from presswatch.pipeline import process
    from presswatch.scale.work import peak_rss_mib

    t0 = time.perf_counter()
    list(process(warm, analyzers=names))
    start = time.perf_counter() - t0
    c0, t0 = time.process_time(), time.perf_counter()
    docs = sum(1 for o in process(paths, analyzers=names) if hasattr(o, "spans"))
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {
        "engine": "sequential",
        "workers": 1,
        "docs": docs,
        "wall_s": wall,
        "docs_per_s": docs / wall,
        "cpu_s_per_doc": cpu / docs,
        "start_s": start,
        "peak_rss_mib": [round(peak_rss_mib())],
    }


def run_engine(name: str, workers: int, paths: list[str], warm: list[str], names: list[str]) -> dict[str, Any]:
    from presswatch.scale import Job, analyse_inputs, make_engine

    t0 = time.perf_counter()
    with make_engine(name, workers, Job(names)) as engine:
        # warm-up: each worker loads its models on chunks of other documents
        list(analyse_inputs(warm, engine))
        start = time.perf_counter() - t0
        cpu0 = engine.cpu_s
        t0 = time.perf_counter()
        docs = sum(1 for _, o in analyse_inputs(paths, engine) if hasattr(o, "spans"))
        wall = time.perf_counter() - t0
        cpu = engine.cpu_s - cpu0
        rss = sorted(round(v) for v in engine.peak_rss_mib.values())
    return {
        "engine": name,
        "workers": workers,
        "docs": docs,
        "wall_s": wall,
        "docs_per_s": docs / wall,
        "cpu_s_per_doc": cpu / docs,
        "start_s": start,
        "peak_rss_mib": rss,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--analyzers", default=None, help="comma-separated (default: presswatch's default set)")
    ap.add_argument("--engines", default="sequential,local,ray")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    from presswatch import analyzers as analyzers_mod

    names = args.analyzers.split(",") if args.analyzers else list(analyzers_mod.DEFAULT)
    engines = args.engines.split(",")
    if "ray" in engines:
        try:
            import ray  # noqa: F401
        except ImportError:
            print("ray is not installed (pip install 'presswatch[scale]'): ray skipped", file=sys.stderr)
            engines.remove("ray")
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_pages(folder, args.docs, args.seed, "doc")
        warm = write_pages(folder, 64, args.seed + 1, "warm")
        print(
            f"{args.docs} generated pages, analyzers: {','.join(names)}; cpus: {os.cpu_count()}, "
            f"load average at start: {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        plan = [("sequential", 1)] if "sequential" in engines else []
        plan += [(e, w) for e in ("local", "ray") if e in engines for w in (1, 2)]
        for name, workers in plan:
            load0 = os.getloadavg()[0]
            r = (
                run_sequential(paths, warm, names)
                if name == "sequential"
                else run_engine(name, workers, paths, warm, names)
            )
            r["load_avg"] = round((load0 + os.getloadavg()[0]) / 2, 1)
            results.append(r)
            print(
                f"  {name:<10} {workers} worker(s): {r['docs_per_s']:6.1f} docs/s  ({r['wall_s']:.1f} s; start "
                f"{r['start_s']:.1f} s; CPU {1000 * r['cpu_s_per_doc']:.1f} ms/doc; peak RSS per worker "
                f"{r['peak_rss_mib']} MiB; load {r['load_avg']})",
                flush=True,
            )
    base = {r["engine"]: r["docs_per_s"] for r in results if r["workers"] == 1}
    print("\nengine      workers  docs/s  vs 1 worker  CPU ms/doc  peak RSS/worker MiB  start s  load")
    for r in results:
        ratio = r["docs_per_s"] / base[r["engine"]]
        print(
            f"{r['engine']:<11} {r['workers']:>7} {r['docs_per_s']:7.1f} {ratio:11.2f}x "
            f"{1000 * r['cpu_s_per_doc']:11.1f}"
            f"  {str(r['peak_rss_mib']):<20} {r['start_s']:7.1f}  {r['load_avg']:4.1f}"
        )
    if args.json:
        args.json.write_text(json.dumps({"docs": args.docs, "analyzers": names, "results": results}, indent=2))
    return 0


if __name__ == "__main__":  # the local engine starts its workers with spawn: they import this file again
    sys.exit(main())
