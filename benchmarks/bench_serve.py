"""``presswatch serve`` under load: start-up time and per-endpoint latency with 50 concurrent clients.

    .venv/bin/python benchmarks/bench_serve.py [--docs 10000] [--clients 50] [--requests 2000] [--seconds 60]
        [--endpoints list,filter,search,document] [--starts 3] [--service 100] [--db FILE] [--json F] [--workers N]

With ``--workers N`` the server runs N worker processes; the CPU figures below are then the parent's only (they
are meaningful with one worker).

A store of ``docs`` invented documents is built in a temporary folder, or reused from ``--db``: about 150 words
each, 100 of them from 32 common words (each in some 96 % of the documents) and 50 from 2,000 rarer ones, with
synthetic PLACE (4 of 200 places), technique and sourcing spans and per-document figures, stored directly (no
analysis). ``presswatch serve`` is started on a free loopback port in a subprocess, ``starts`` times; the start-up
time is from starting the process to the first answer of ``/api/documents``, with the CPU time the server used
until then (medians are reported). Then ``clients`` threads, each with its own HTTP connection, send requests
round-robin over the endpoints until each endpoint has had ``requests`` requests or ``seconds`` have passed:

- ``list``: ``/api/documents`` at a random offset (a page of 50, newest first, with the total);
- ``filter``: ``/api/documents`` of one place and anonymous sources (span subqueries);
- ``search``: ``/api/documents?q=`` one common word (almost every document matches: the worst case of ranking) or one
  common and one rarer word, half and half (full-text, ranked, counted, with snippets);
- ``document``: ``/api/documents/{id}`` of a random document (the whole JSON with its spans).

Before the load, one client sends ``service`` requests to each endpoint in turn: their median latency and the
server's CPU time per request (read from /proc) say what each endpoint costs whatever else the machine is doing.
Printed per endpoint under load: requests, errors (any status but 200, or a failed connection), p50 and p99
latency in ms, requests per second, and the load average of the machine before and after (figures from a shared
machine are only comparable at similar loads). Targets: p99 under 200 ms for ``list`` and ``document``, no errors.
The clients wait for each answer before the next request, so the mean latency is the number of clients over the
requests answered per second (Little's law): the server's throughput, hence its CPU time per request, sets the latency.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from presswatch.model import Document, Span
from presswatch.store import open_store
from presswatch.store.base import DocumentQuery

COMMON = [
    "ceasefire",
    "village",
    "road",
    "convoy",
    "shelling",
    "ministry",
    "statement",
    "residents",
    "night",
    "gunfire",
    "observers",
    "mission",
    "bulletin",
    "report",
    "border",
    "river",
    "bridge",
    "water",
    "gas",
    "supply",
    "prices",
    "bread",
    "market",
    "school",
    "winter",
    "power",
    "line",
    "truck",
    "aid",
    "court",
    "army",
    "police",
]
RARE = [f"{a}{b}{c}" for a in ("kar", "mel", "tos", "vun", "dri") for b in ("a", "e", "i", "o") for c in range(100)]
PLACES = [(f"gn:{1000 + i}", f"Place{i}", 39.0 + i / 100, 46.0 + i / 100) for i in range(200)]
SOURCES = ["Valley Observer", "Ridge Herald", "Third Voice", "Mission Bulletin", "Coast Daily"]
TECHNIQUES = ["Loaded_Language", "Doubt", "Name_Calling-Labeling", "Exaggeration-Minimisation", "Repetition"]
KINDS = ["named_person", "named_organisation", "role_only", "anonymous"]


def invented(i: int, rng: random.Random) -> Document:
    """One document with the spans and figures the analyzers would leave (places, techniques, sourcing)."""
    places = rng.sample(PLACES, 4)
    words = [rng.choice(COMMON) for _ in range(100)] + [rng.choice(RARE) for _ in range(50)]
    rng.shuffle(words)
    text = f"Bulletin {i}. " + " ".join(
        p[1] + " " + " ".join(words[j * 30 : (j + 1) * 30]) + "." for j, p in enumerate(places)
    )
    doc = Document(
        text=text,
        source=SOURCES[i % len(SOURCES)],
        title=f"Bulletin {i}: {' '.join(words[:6])}",
        published=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
        language="en",
        url=f"https://news.example/{i}",
    )
    for pid, name, lat, lon in places:
        a = text.index(name + " ")
        doc.spans.append(
            Span(
                a,
                a + len(name),
                "PLACE",
                "places",
                {"place_id": pid, "name": name, "lat": lat, "lon": lon, "country": "AZ", "feature": "PPL"},
            )
        )
    found = rng.sample(TECHNIQUES, rng.randint(0, 3))
    for t in found:
        doc.spans.append(Span(0, 20, t, "techniques", {"technique": t, "confidence": 0.8}))
    kinds = [rng.choice(KINDS) for _ in range(rng.randint(0, 4))]
    for k, kind in enumerate(kinds):
        doc.spans.append(Span(30, 40, "SOURCE", "sourcing", {"attribution": k, "kind": kind}))
        doc.spans.append(Span(41, 45, "CUE", "sourcing", {"attribution": k, "source_kind": kind}))
    doc.analyzers = {"places": "1", "techniques": "1", "sourcing": "1"}
    doc.summaries = {
        "sourcing": {"attributions": len(kinds), "by_kind": {k: kinds.count(k) for k in KINDS}},
        "techniques": {
            "analysed": True,
            "words": len(text.split()),
            "findings": len(found),
            "counts": {t: 1 for t in found},
        },
    }
    return doc


def build(path: str, n: int) -> list[str]:
    rng = random.Random(7)
    t0 = time.perf_counter()
    with open_store(path) as store:
        if store.count() < n:
            for i in range(store.count(), n):
                store.put(invented(i, rng))
        ids = store.find_ids(DocumentQuery())
    print(f"store: {len(ids)} documents ({time.perf_counter() - t0:.1f} s to build or open)", file=sys.stderr)
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far; None where /proc is not there."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(db: str, port: int, workers: int = 1) -> tuple[subprocess.Popen[bytes], float, float | None]:
    """``presswatch serve`` in a subprocess; the seconds from its start to its first answer, and the CPU seconds
    the server used until then (what start-up costs whatever else the machine is doing)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1] / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "presswatch", "serve", "--db", db, "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/documents?limit=1"
    while True:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return proc, time.perf_counter() - t0, cpu_seconds(proc.pid)
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.perf_counter() - t0 > 30:
            proc.kill()
            raise SystemExit("presswatch serve did not answer within 30 s")
        time.sleep(0.02)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    ap.add_argument("--seconds", type=float, default=60.0, help="at most this long under load")
    ap.add_argument("--endpoints", default=",".join(ENDPOINTS), help="which endpoints to load, comma-separated")
    ap.add_argument("--starts", type=int, default=3, help="start-up measurements (the last server takes the load)")
    ap.add_argument("--service", type=int, default=100, help="requests per endpoint from one client first (0: none)")
    ap.add_argument("--db", help="a store to build (or reuse) here instead of a temporary one")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--workers", type=int, default=1, help="presswatch serve --workers (worker processes)")
    args = ap.parse_args()
    names = [n.strip() for n in args.endpoints.split(",") if n.strip()]
    if not names or any(n not in ENDPOINTS for n in names):
        raise SystemExit(f"--endpoints: choose among {', '.join(ENDPOINTS)}")

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.sqlite")
        ids = build(db, args.docs)
        startups, cpus = [], []
        for i in range(max(1, args.starts)):
            port = free_port()
            proc, startup, cpu = start_server(db, port, args.workers)
            startups.append(startup)
            cpus.append(cpu)
            if i < args.starts - 1:
                proc.terminate()
                proc.wait(10)
        load_before = os.getloadavg()[0]
        try:
            alone = service(f"http://127.0.0.1:{port}", proc.pid, ids, names, args.service) if args.service else {}
            figures = load(f"http://127.0.0.1:{port}", ids, names, args)
        finally:
            proc.terminate()
            proc.wait(10)
        load_after = os.getloadavg()[0]
    startup_ms = round(statistics.median(startups) * 1000)
    startup_cpu_ms = round(statistics.median(c for c in cpus if c is not None) * 1000) if None not in cpus else None
    print(
        f"start-up to first answer: {startup_ms} ms (median of {len(startups)}: "
        f"{', '.join(f'{s * 1000:.0f}' for s in startups)} ms)"
    )
    if startup_cpu_ms is not None:
        print(f"CPU time the server used until its first answer: {startup_cpu_ms} ms (median)")
    print(
        f"{args.clients} clients, {len(ids)} documents; load average {load_before:.1f} before, {load_after:.1f} after "
        f"({os.cpu_count()} CPUs)"
    )
    if alone:
        print(f"one client, {args.service} requests each: median latency and server CPU time per request")
        for name, f in alone.items():
            print(f"  {name:<10} {f['p50_ms']:>8.1f} ms {f['cpu_ms'] if f['cpu_ms'] is not None else '-':>8} ms CPU")
    print(f"{'endpoint':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'per s':>7}")
    for name, f in figures.items():
        print(
            f"{name:<10} {f['requests']:>8} {f['errors']:>6} {f['p50_ms']:>8.1f} {f['p99_ms']:>8.1f} "
            f"{f['per_second']:>7.1f}"
        )
    print(f"in all: {sum(f['per_second'] for f in figures.values()):.1f} requests per second")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "docs": len(ids),
                    "clients": args.clients,
                    "startup_ms": startup_ms,
                    "startups_ms": [round(s * 1000) for s in startups],
                    "startup_cpu_ms": startup_cpu_ms,
                    "load_average": [load_before, load_after],
                    "one_client": alone,
                    "endpoints": figures,
                },
                indent=1,
            )
        )
    return 0


ENDPOINTS = ("list", "filter", "search", "document")


def paths(ids: list[str], names: list[str]) -> dict[str, Callable[[random.Random], str]]:
    """Per endpoint, a function drawing the path of one request."""
    total = len(ids)
    every: dict[str, Callable[[random.Random], str]] = {
        "list": lambda r: f"/api/documents?offset={r.randrange(max(1, total - 50))}&limit=50",
        "filter": lambda r: f"/api/documents?place={r.choice(PLACES)[0]}&anonymous=true",
        "search": lambda r: f"/api/documents?q={r.choice(COMMON)}" + (f"+{r.choice(RARE)}" if r.random() < 0.5 else ""),
        "document": lambda r: f"/api/documents/{r.choice(ids)}",
    }
    return {n: every[n] for n in names}


def service(base: str, pid: int, ids: list[str], names: list[str], n: int) -> dict[str, dict[str, float | None]]:
    """One client, ``n`` requests per endpoint in turn: the median latency alone and the server's CPU time per
    request (the cost of an endpoint whatever else the machine is doing)."""
    rng = random.Random(1)
    out: dict[str, dict[str, float | None]] = {}
    with httpx.Client(base_url=base, timeout=30) as http:
        for name, draw in paths(ids, names).items():
            lat = []
            cpu0 = cpu_seconds(pid)
            for _ in range(n):
                t0 = time.perf_counter()
                http.get(draw(rng)).raise_for_status()
                lat.append(time.perf_counter() - t0)
            cpu1 = cpu_seconds(pid)
            out[name] = {
                "p50_ms": round(statistics.median(lat) * 1000, 1),
                "cpu_ms": round((cpu1 - cpu0) * 1000 / n, 1) if cpu0 is not None and cpu1 is not None else None,
            }
    return out


def load(base: str, ids: list[str], names: list[str], args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Run the clients; per endpoint: requests, errors, p50 and p99 latency (ms)."""
    endpoints = paths(ids, names)
    lock = threading.Lock()
    issued = dict.fromkeys(names, 0)
    latencies: dict[str, list[float]] = {n: [] for n in names}
    errors = dict.fromkeys(names, 0)
    deadline = time.perf_counter() + args.seconds

    def next_endpoint(k: int) -> str | None:
        with lock:
            for j in range(len(names)):
                name = names[(k + j) % len(names)]
                if issued[name] < args.requests:
                    issued[name] += 1
                    return name
        return None

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=30) as http:
            k = seed
            while time.perf_counter() < deadline and (name := next_endpoint(k)) is not None:
                k += 1
                path = endpoints[name](rng)
                t0 = time.perf_counter()
                try:
                    ok = http.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                took = time.perf_counter() - t0
                with lock:
                    latencies[name].append(took)
                    errors[name] += not ok

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    out: dict[str, dict[str, float]] = {}
    for name in names:
        lat = sorted(latencies[name])
        out[name] = {
            "requests": len(lat),
            "errors": errors[name],
            "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else float("nan"),
            "p99_ms": round(lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000, 1) if lat else float("nan"),
            "per_second": round(len(lat) / elapsed, 1),
        }
    return out


if __name__ == "__main__":
    sys.exit(main())
