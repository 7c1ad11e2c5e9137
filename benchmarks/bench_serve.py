"""``presswatch serve`` under load: start-up time and per-endpoint latency with 50 concurrent clients.

    .venv/bin/python benchmarks/bench_serve.py [--docs 10000] [--clients 50] [--requests 2000] [--seconds 60]
        [--endpoints list,filter,search,document] [--starts 3] [--service 100] [--db FILE] [--json F]
        [--workers 1,2] [--baseline-src OTHER/src] [--variant LABEL='SERVE OPTIONS' ...]

``--workers 1,2`` measures the server with one and with two worker processes, one after the other (the CPU figures
are those of the server's process and its descendants: worker and search processes). ``--baseline-src`` names the
``src`` folder of another presswatch (the one before a change): it is measured first, then this one, in the same run
and on the same store, and the figures are printed side by side. ``--variant threads='--search-processes 0'`` measures
this checkout once more with those ``presswatch serve`` options (after the others, on the same store).

A store of ``docs`` invented documents is built in a temporary folder, or reused from ``--db``: about 150 words
each, 100 of them from 32 common words (each in some 96 % of the documents) and 50 from 2,000 rarer ones, with
synthetic PLACE (4 of 200 places), technique and sourcing spans and per-document figures, stored directly (no
analysis). ``presswatch serve`` is started on a free loopback port in a subprocess, ``starts`` times; the start-up
time is from starting the process to the first answer of ``/api/documents``, with the CPU time the server used
until then (medians are reported). Then ``clients`` clients, each with its own HTTP connection, send requests
round-robin over the endpoints until each endpoint has had ``requests`` requests or ``seconds`` have passed. The
clients run in a process of their own (this script with ``--client``: one asyncio loop and a minimal HTTP/1.1
reader), so they do not share the server's interpreter lock and cost the machine little:

- ``list``: ``/api/documents`` at a random offset (a page of 50, newest first, with the total);
- ``filter``: ``/api/documents`` of one place and anonymous sources (span subqueries);
- ``search``: ``/api/documents?q=`` one common word (almost every document matches: the worst case of ranking) or one
  common and one rarer word, half and half (full-text, ranked, counted, with snippets);
- ``document``: ``/api/documents/{id}`` of a random document (the whole JSON with its spans);
- ``page`` (only when named in ``--endpoints``): the dashboard's search page, ``/search?q=`` with the words of
  ``search`` (the same full-text search, its facets' counts and the page's HTML).

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
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    """CPU time (user + system) a process and its living descendants (worker and search processes) have used so
    far; None where /proc is not there."""
    stats: dict[int, tuple[int, float]] = {}  # pid: (parent, CPU seconds)
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        stats[int(path.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    if pid not in stats:
        return None
    tree, total, grown = {pid}, 0.0, True
    while grown:
        more = {p for p, (parent, _) in stats.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    for p in tree:
        total += stats[p][1]
    return total


def start_server(
    db: str, port: int, workers: int = 1, src: str | None = None, extra: list[str] | None = None
) -> tuple[subprocess.Popen[bytes], float, float | None]:
    """``presswatch serve`` in a subprocess; the seconds from its start to its first answer, and the CPU seconds
    the server used until then (what start-up costs whatever else the machine is doing)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [src or str(Path(__file__).parents[1] / "src"), os.environ.get("PYTHONPATH", "")]
        ),
    }
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "presswatch", "serve", "--db", db, "--port", str(port), "--workers", str(workers),
         *(extra or [])],
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
    ap.add_argument("--workers", default="1", help="presswatch serve --workers, or several: 1,2 (each is measured)")
    ap.add_argument(
        "--baseline-src",
        help="a src folder of another presswatch (before a change): measured first, in the same run, on the same store",
    )
    ap.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="LABEL=OPTIONS",
        help="also measure this checkout with more serve options, e.g. threads='--search-processes 0' (repeatable)",
    )
    ap.add_argument("--client", action="store_true", help=argparse.SUPPRESS)  # the load generator's process
    args = ap.parse_args()
    if args.client:
        return client_process()
    names = [n.strip() for n in args.endpoints.split(",") if n.strip()]
    if not names or any(n not in CHOICES for n in names):
        raise SystemExit(f"--endpoints: choose among {', '.join(CHOICES)}")
    try:
        workers = [int(w) for w in args.workers.split(",") if w.strip()]
    except ValueError:
        raise SystemExit("--workers: whole numbers, comma-separated (1,2)") from None
    if not workers or min(workers) < 1:
        raise SystemExit("--workers: whole numbers from 1, comma-separated (1,2)")
    here = str(Path(__file__).parents[1] / "src")
    builds: list[tuple[str, str, list[str]]] = [("after", here, [])]
    for v in args.variant:
        label, sep, options = v.partition("=")
        if not sep or not label.strip() or label.strip() in ("before", "after"):
            raise SystemExit(f"--variant {v!r}: LABEL=OPTIONS, LABEL not before or after")
        builds.append((label.strip(), here, shlex.split(options)))
    if args.baseline_src:
        if not (Path(args.baseline_src) / "presswatch" / "__init__.py").is_file():
            raise SystemExit(f"--baseline-src {args.baseline_src}: no presswatch package there")
        builds.insert(0, ("before", str(Path(args.baseline_src).resolve()), []))

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.sqlite")
        ids = build(db, args.docs)
        for label, src, extra in builds:
            for n in workers:
                print(f"-- {label} ({src} {' '.join(extra)}), --workers {n}", file=sys.stderr)
                runs.append(
                    {"build": label, "src": src, "options": extra, "workers": n,
                     **measure(db, src, n, ids, names, args, extra)}
                )
    print(f"{args.clients} clients in a process of their own, {len(ids)} documents, {os.cpu_count()} CPUs")
    for r in runs:
        report(r, args)
    if len(builds) > 1:
        compare_runs(runs, names)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"docs": len(ids), "clients": args.clients, "runs": runs}, indent=1)
        )
    return 0


def measure(
    db: str, src: str, workers: int, ids: list[str], names: list[str], args: argparse.Namespace,
    extra: list[str] | None = None,
) -> dict[str, object]:
    """Start-up, one client alone and the load, for one build and one number of worker processes."""
    startups, cpus = [], []
    for i in range(max(1, args.starts)):
        port = free_port()
        proc, startup, cpu = start_server(db, port, workers, src, extra)
        startups.append(startup)
        cpus.append(cpu)
        if i < args.starts - 1:
            proc.terminate()
            proc.wait(10)
    load_before = os.getloadavg()[0]
    try:
        alone = service(f"http://127.0.0.1:{port}", proc.pid, ids, names, args.service) if args.service else {}
        figures = load(port, ids, names, args)
    finally:
        proc.terminate()
        proc.wait(10)
    load_after = os.getloadavg()[0]
    return {
        "startup_ms": round(statistics.median(startups) * 1000),
        "startups_ms": [round(s * 1000) for s in startups],
        "startup_cpu_ms": round(statistics.median(c for c in cpus if c is not None) * 1000)
        if None not in cpus
        else None,
        "load_average": [round(load_before, 1), round(load_after, 1)],
        "one_client": alone,
        "endpoints": figures,
    }


def report(run: dict[str, Any], args: argparse.Namespace) -> None:
    options = " ".join(run.get("options") or [])
    print(f"\n== {run['build']}{' ' + options if options else ''}, --workers {run['workers']}")
    print(
        f"start-up to first answer: {run['startup_ms']} ms (median of {len(run['startups_ms'])}: "
        f"{', '.join(str(s) for s in run['startups_ms'])} ms); CPU until then: {run['startup_cpu_ms']} ms"
    )
    print(f"load average {run['load_average'][0]} before, {run['load_average'][1]} after")
    if run["one_client"]:
        print(f"one client, {args.service} requests each: median latency and server CPU time per request")
        for name, f in run["one_client"].items():
            print(f"  {name:<10} {f['p50_ms']:>8.1f} ms {f['cpu_ms'] if f['cpu_ms'] is not None else '-':>8} ms CPU")
    print(f"{'endpoint':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'per s':>7}")
    for name, f in run["endpoints"].items():
        print(
            f"{name:<10} {f['requests']:>8} {f['errors']:>6} {f['p50_ms']:>8.1f} {f['p99_ms']:>8.1f} "
            f"{f['per_second']:>7.1f}"
        )
    print(f"in all: {sum(f['per_second'] for f in run['endpoints'].values()):.1f} requests per second")


def compare_runs(runs: list[dict[str, Any]], names: list[str]) -> None:
    """Before and after (and each variant) side by side, per number of workers: p50 / p99 ms per endpoint and
    requests per second."""
    for n in sorted({r["workers"] for r in runs}):
        pair = {r["build"]: r for r in runs if r["workers"] == n}
        if "before" in pair:
            for label, a in pair.items():
                if label != "before":
                    _compare_two(pair["before"], a, names, label, n)


def _compare_two(b: dict[str, Any], a: dict[str, Any], names: list[str], label: str, n: int) -> None:
    print(f"\n== before -> {label} (p50 / p99 ms under load; requests per second in all)")
    print(f"--workers {n}")
    for name in names:
        fb, fa = b["endpoints"][name], a["endpoints"][name]
        print(
            f"  {name:<10} {fb['p50_ms']:>7.1f} / {fb['p99_ms']:>7.1f}  ->  {fa['p50_ms']:>7.1f} / "
            f"{fa['p99_ms']:>7.1f}   errors {fb['errors']} -> {fa['errors']}"
        )
    rate = [sum(f["per_second"] for f in r["endpoints"].values()) for r in (b, a)]
    print(f"  {'in all':<10} {rate[0]:.1f} -> {rate[1]:.1f} requests per second")


ENDPOINTS = ("list", "filter", "search", "document")  # loaded unless --endpoints says otherwise
CHOICES = (*ENDPOINTS, "page")


def paths(ids: list[str], names: list[str]) -> dict[str, Callable[[random.Random], str]]:
    """Per endpoint, a function drawing the path of one request."""
    total = len(ids)
    every: dict[str, Callable[[random.Random], str]] = {
        "list": lambda r: f"/api/documents?offset={r.randrange(max(1, total - 50))}&limit=50",
        "filter": lambda r: f"/api/documents?place={r.choice(PLACES)[0]}&anonymous=true",
        "search": lambda r: f"/api/documents?q={r.choice(COMMON)}" + (f"+{r.choice(RARE)}" if r.random() < 0.5 else ""),
        "document": lambda r: f"/api/documents/{r.choice(ids)}",
        "page": lambda r: f"/search?q={r.choice(COMMON)}" + (f"+{r.choice(RARE)}" if r.random() < 0.5 else ""),
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


def load(port: int, ids: list[str], names: list[str], args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Run the clients in a process of their own (:func:`client_process`), so that they do not share the server's
    interpreter lock; per endpoint: requests, errors, p50 and p99 latency (ms), requests per second."""
    spec = {
        "port": port,
        "ids": ids,
        "names": names,
        "clients": args.clients,
        "requests": args.requests,
        "seconds": args.seconds,
    }
    done = subprocess.run(
        [sys.executable, __file__, "--client"],
        input=json.dumps(spec).encode(),
        capture_output=True,
        check=False,
        timeout=args.seconds + 120,
    )
    if done.returncode != 0:
        raise SystemExit(f"the client process failed: {done.stderr.decode(errors='replace')[-2000:]}")
    figures: dict[str, dict[str, float]] = json.loads(done.stdout)
    return figures


def client_process() -> int:
    """The load generator (``--client``): the spec as JSON on stdin, the figures as JSON on stdout. One asyncio loop
    with a connection per client and a minimal HTTP/1.1 reader, so that the clients cost the machine little."""
    import asyncio

    spec = json.loads(sys.stdin.read())
    names: list[str] = spec["names"]
    endpoints = paths(spec["ids"], names)
    issued = dict.fromkeys(names, 0)
    latencies: dict[str, list[float]] = {n: [] for n in names}
    errors = dict.fromkeys(names, 0)

    def next_endpoint(k: int) -> str | None:
        for j in range(len(names)):
            name = names[(k + j) % len(names)]
            if issued[name] < spec["requests"]:
                issued[name] += 1
                return name
        return None

    async def get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> tuple[int, bool]:
        """The status of one GET, and whether the server keeps the connection open."""
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:] if h)}
        if "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readline()).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        return status, headers.get("connection", "").lower() != "close"

    async def client(seed: int, deadline: float) -> None:
        rng = random.Random(seed)
        k = seed
        conn = None
        while time.perf_counter() < deadline and (name := next_endpoint(k)) is not None:
            k += 1
            path = endpoints[name](rng)
            t0 = time.perf_counter()
            try:
                if conn is None:
                    conn = await asyncio.open_connection("127.0.0.1", spec["port"], limit=1 << 20)
                status, keep = await get(*conn, path)
                ok = status == 200
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError):
                ok, keep = False, False
            latencies[name].append(time.perf_counter() - t0)
            errors[name] += not ok
            if not keep and conn is not None:
                conn[1].close()
                conn = None
        if conn is not None:
            conn[1].close()

    async def run() -> float:
        started = time.perf_counter()
        deadline = started + spec["seconds"]
        await asyncio.gather(*(client(i, deadline) for i in range(spec["clients"])))
        return time.perf_counter() - started

    elapsed = asyncio.run(run())
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
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
