"""What alert rules cost the watcher: latencies of evaluating one rule of each kind, and the cost of evaluating new
documents as a ratio to storing them.

    .venv/bin/python benchmarks/bench_alerts.py [--docs 2000] [--batch 20] [--repeat 5] [--json F]

A store of ``docs`` invented documents (five sources, a day apart in turn, each with place, technique, sourcing and,
for one in ten, incident spans; no analyzer runs) is built in a temporary folder, and seven rules are loaded, one of
each kind, delivered to the log (kept off the terminal). Then, median of ``repeat`` runs each:

- ``put``: storing a batch of ``batch`` new documents (``store.put``);
- ``on_stored``: evaluating the rules on that batch, recording and delivering what fires (a new batch each run);
- ``ratio``: on_stored / put, the share the alerts add to storing;
- ``on_tick``: the clock rules (``unreported_by``, ``source_quiet``) on the whole store, incidents linked with word
  overlap (``embed=False``; the first tick links every document and is timed apart as ``first_tick``);
- ``dry_run``: ``presswatch alerts test`` on the whole store (every document read once).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from presswatch.alerts import dry_run, load_rules, on_stored, on_tick
from presswatch.alerts.rules import parse_rules
from presswatch.model import Document, Span
from presswatch.store import open_store

SOURCES = ["Shirvan Daily", "Harbour Gazette", "Mission bulletin", "Valley Herald", "Ridge Post"]
PLACES = [("gn:1", "Shusha"), ("gn:2", "Stepanakert"), ("gn:3", "Aghdam"), ("cau:nagorno-karabakh", "Nagorno-Karabakh")]
WORDS = ["convoy", "road", "bridge", "village", "residents", "night", "market", "bread", "water", "power", "school"]
RULES = """
alerts:
  - {name: corridor, keyword: lachin corridor, log: true}
  - {name: shusha, place: 'gn:1', log: true}
  - {name: fear, technique: Appeal_to_Fear-Prejudice, log: true}
  - {name: az-names, policy: az-official, log: true}
  - {name: unnamed, anonymous_share_above: 0.45, within: 2d, min_attributions: 10, log: true}
  - {name: harbour-silent, unreported_by: Harbour Gazette, within: 24h, log: true}
  - {name: quiet, source_quiet: all, for: 48h, log: true}
"""
T0 = datetime(2026, 3, 1, tzinfo=UTC)


def invented(i: int, rng: random.Random) -> Document:
    """One invented document: about 120 words, a place, sometimes a technique, a sourcing profile, an incident."""
    pid, name = PLACES[i % len(PLACES)]
    body = " ".join(rng.choice(WORDS) for _ in range(60))
    lead = f"Trucks on the Lachin corridor reached {name} on day {i}." if i % 7 == 0 else f"Residents of {name} met."
    text = f"{lead} {body}. Artillery shelled {name} on 2 March, the ministry said. {body}."
    at = text.index(name)
    spans = [
        Span(
            at, at + len(name), "PLACE", "places", {"place_id": pid, "name": name, "matched_name": name, "voice": "own"}
        )
    ]
    if i % 5 == 0:
        spans.append(Span(0, len(lead), "Appeal_to_Fear-Prejudice", "techniques", {}))
    if i % 10 == 0:
        k = text.index("Artillery")
        spans.append(
            Span(
                k,
                text.index(" the ministry said"),
                "INCIDENT",
                "incidents",
                {
                    "type": "shelling",
                    "date": (T0 + timedelta(days=i // 50)).date().isoformat(),
                    "date_from": "explicit",
                    "places": [{"place_id": pid, "place": name, "name_used": name}],
                },
            )
        )
    anon = rng.randint(0, 6)
    d = Document(
        text=text,
        title=f"Bulletin {i}",
        source=SOURCES[i % len(SOURCES)],
        published=(T0 + timedelta(hours=i)).isoformat().replace("+00:00", "Z"),
        language="en",
    )
    d.spans = spans
    d.summaries = {"sourcing": {"attributions": 10, "by_kind": {"anonymous": anon, "named_person": 10 - anon}}}
    return d


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    log = logging.getLogger("presswatch.alerts")
    log.addHandler(logging.NullHandler())
    log.propagate = False
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.sqlite") as store:
        for i in range(args.docs):
            store.put(invented(i, rng))
        load_rules(store, parse_rules(RULES, "bench rules"), now=T0)
        now = T0 + timedelta(days=args.docs // 24 + 3)
        first_tick = timed(lambda: on_tick(store, now, embed=False))
        puts, evals, ticks, dries = [], [], [], []
        n = args.docs
        for _ in range(args.repeat):
            batch = [invented(n + k, rng) for k in range(args.batch)]
            n += args.batch
            start = time.perf_counter()
            ids = [store.put(d).document_id for d in batch]
            puts.append(time.perf_counter() - start)
            start = time.perf_counter()
            on_stored(store, ids, now)
            evals.append(time.perf_counter() - start)
            start = time.perf_counter()
            on_tick(store, now, embed=False)
            ticks.append(time.perf_counter() - start)
        ruleset = parse_rules(RULES, "bench rules")
        for _ in range(max(1, args.repeat // 2)):
            dries.append(timed(lambda: dry_run(store, ruleset, now)))
        fired = store.conn.execute("SELECT COUNT(*) FROM alert_events").fetchone()[0]
    put, ev = statistics.median(puts), statistics.median(evals)
    figures = {
        "docs": args.docs,
        "batch": args.batch,
        "rules": 7,
        "alerts_recorded": fired,
        "put_batch_ms": round(put * 1000, 1),
        "on_stored_batch_ms": round(ev * 1000, 1),
        "on_stored_per_doc_ms": round(ev * 1000 / args.batch, 2),
        "ratio_on_stored_to_put": round(ev / put, 2),
        "first_tick_s": round(first_tick, 2),
        "on_tick_ms": round(statistics.median(ticks) * 1000, 1),
        "dry_run_s": round(statistics.median(dries), 2),
        "runs": {
            "put_ms": [round(x * 1000, 1) for x in puts],
            "on_stored_ms": [round(x * 1000, 1) for x in evals],
            "on_tick_ms": [round(x * 1000, 1) for x in ticks],
            "dry_run_s": [round(x, 2) for x in dries],
        },
    }
    for k, v in figures.items():
        if k != "runs":
            print(f"{k:24} {v}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
