"""Full-text search cost of hostile or heavy queries, as ratios to a plain two-word query in the same process.

    .venv/bin/python benchmarks/bench_search.py [--docs 1000] [--words 400] [--repeat 3] [--json F]

A store of ``docs`` invented documents (``words`` words each from a 32-word vocabulary, so that every query word
matches almost every document: the worst case for ranking) is built in a temporary folder. Each query is timed
(median of ``repeat`` runs) and divided by the time of the baseline query ``"ceasefire village"``:

- ``repeated_4kb``: a 4 KB query of three words repeated (issue 14: 72 s on 1,000 documents before words were
  deduplicated; FTS5's cost grows with the square of the number of terms);
- ``distinct_32``: the 32 words of the vocabulary, the most a plain query keeps (all in almost every document);
- ``raw_or_32``: a ``--raw`` query of 32 words drawn from the vocabulary (so some repeated) joined by OR, the most
  a raw query may have;
- ``no_collapse``: the baseline without grouping near-copies (the grouping reads up to 1,000 matches).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from presswatch.model import Document
from presswatch.store import open_store

VOCABULARY = [
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


def _time(fn, repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), runs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--words", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    rnd = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.sqlite") as store:
        for i in range(args.docs):
            text = " ".join(rnd.choice(VOCABULARY) for _ in range(args.words)) + f" document{i}"
            store.put(Document(text=text, title=f"Document {i}", source="Bench"))
        queries = {
            "baseline": lambda: store.search("ceasefire village"),
            "repeated_4kb": lambda: store.search(" ".join(["ceasefire", "village", "road"] * 230)),
            "distinct_32": lambda: store.search(" ".join(VOCABULARY)),
            "raw_or_32": lambda: store.search(" OR ".join(rnd.choice(VOCABULARY) for _ in range(32)), raw=True),
            "no_collapse": lambda: store.search("ceasefire village", collapse=False),
        }
        queries["baseline"]()  # warm the page cache
        results: dict[str, dict[str, object]] = {}
        base, _ = _time(queries["baseline"], args.repeat)
        for name, fn in queries.items():
            median, runs = _time(fn, args.repeat)
            results[name] = {
                "seconds": round(median, 4),
                "runs": [round(r, 4) for r in runs],
                "ratio_to_baseline": round(median / base, 2),
            }
            print(
                f"{name:<14} {median * 1000:9.1f} ms  ×{median / base:7.2f}  runs: "
                + ", ".join(f"{r * 1000:.1f}" for r in runs),
                file=sys.stderr,
            )
    if args.json:
        args.json.write_text(json.dumps({"docs": args.docs, "words": args.words, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
