"""Storing documents: SQLite against PostgreSQL, one ``put`` per document against ``put_many`` batches, in the same
process, as documents stored per second and their ratios.

    .venv/bin/python benchmarks/bench_store.py [--docs 2000] [--analysed 100] [--repeat 3] [--batch 16]
        [--texts templated|varied] [--fsync] [--postgres URL] [--json F]

Invented documents (about 250 words each, every text different; ``--texts``: see :func:`make_documents`) are stored
in a new store of each backend in two ways: ``put``, one ``put`` (one transaction) each, and ``put_many``, one
``put_many`` (one transaction) per ``--batch`` documents, as ``presswatch ingest`` stores them (PutBatcher):

- ``plain``: ``--docs`` documents without analysis (``-a none``: text, metadata, URLs, full-text index, SimHash);
- ``analysed``: ``--analysed`` documents analysed once with the default analyzers (timed apart, the same for both
  backends), then stored with their spans and summaries. The end-to-end rate is documents / (analysis + storing).

SQLite writes a file in a temporary folder; PostgreSQL writes a new database on ``--postgres`` (a server URL; the
database named in it is used only to create the benchmark's own), else on ``$PRESSWATCH_TEST_POSTGRES``, else on a
throwaway server started as the tests start it (tests/pgserver.py: initdb and pg_ctl, a Unix socket, fsync off, so
both backends skip the flush to disk: SQLite runs with synchronous=NORMAL in WAL mode; ``--fsync``: on, each commit
flushed as on a durable server). Each of the four ways
(backend x put/put_many) is run ``--repeat`` times, in a rotating order, on a new store each time; medians are
reported with every run's figure, and the load average (1 minute) before and after each part, since the machine
may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # pgserver

from presswatch.model import Document  # noqa: E402
from presswatch.store import open_store  # noqa: E402

PLACES = ["Stepanakert", "Shusha", "Lachin", "Goris", "Kapan", "Agdam", "Yerevan", "Baku", "Ganja", "Martuni"]
SUBJECTS = [
    "The ministry",
    "A spokesman",
    "Residents",
    "The mission",
    "Local officials",
    "An unnamed source",
    "The governor",
    "Peacekeepers",
    "The agency",
    "Witnesses",
]
VERBS = ["said", "reported", "denied", "confirmed", "claimed", "announced", "warned", "stated"]
EVENTS = [
    "a convoy reached",
    "shelling hit",
    "a checkpoint closed near",
    "gas supplies were cut in",
    "a ceasefire violation was recorded near",
    "aid trucks left",
    "protesters gathered in",
    "a bridge was repaired outside",
    "the road reopened to",
    "two soldiers were wounded near",
]
DAYS = ["on Monday", "on Tuesday", "overnight", "this morning", "late on Friday", "at dawn"]


SYLLABLES = ["ka", "ro", "vi", "tan", "mel", "os", "dar", "ni", "sha", "bek", "lu", "ger", "am", "pol", "zi", "yer"]
FUNCTION_WORDS = ["the", "of", "and", "in", "to", "a", "on", "for", "with", "near", "after", "said"]


def _lexicon(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_documents(n: int, seed: int = 7, texts: str = "templated") -> list[Document]:
    """``templated``: sentences of one template over a small newsroom vocabulary (texts alike, as a ministry's daily
    bulletins are: their SimHashes cluster, and the near-duplicate lookup of each new one meets a large share of the
    store); ``varied``: sentences of words drawn from an invented lexicon of 20,000 (texts as unlike as different
    articles: SimHashes spread as for real news, a few percent of the store share a band with each)."""
    rng = random.Random(seed)
    lexicon = _lexicon(20_000, random.Random(1)) if texts == "varied" else []
    docs = []
    for i in range(n):
        if texts == "varied":
            sentences = [
                " ".join(rng.choice(lexicon) if rng.random() < 0.7 else rng.choice(FUNCTION_WORDS)
                         for _ in range(rng.randint(10, 16))).capitalize() + "."
                for _ in range(18)
            ]
        else:
            sentences = [
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(DAYS)} that {rng.choice(EVENTS)} "
                f"{rng.choice(PLACES)}, and {rng.randint(2, 400)} people were affected."
                for _ in range(18)
            ]
        sentences.insert(rng.randrange(len(sentences)), f"Report number {i} of the series.")
        text = " ".join(sentences)
        docs.append(
            Document(
                text=text,
                title=f"Bulletin {i}: {rng.choice(EVENTS)} {rng.choice(PLACES)}",
                source=f"Outlet {i % 7}",
                source_domain=f"outlet{i % 7}.example",
                url=f"https://outlet{i % 7}.example/news/{i}",
                language="en",
                kind="html",
                published=f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            )
        )
    return docs


MODES = ("put", "put_many")


def timed_puts(target: str, docs: list[Document], mode: str = "put", batch: int = 16) -> float:
    """Seconds to store ``docs`` into a new store at ``target`` (opening and migrating apart): one ``put`` each, or
    one ``put_many`` per ``batch`` documents."""
    with open_store(target) as store:
        start = time.perf_counter()
        if mode == "put":
            for d in docs:
                store.put(d)
        else:
            for i in range(0, len(docs), batch):
                store.put_many(docs[i:i + batch])
        elapsed = time.perf_counter() - start
        assert store.count() == len(docs)
    return elapsed


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def compare(docs: list[Document], repeat: int, new_sqlite, new_postgres, batch: int = 16) -> dict[str, object]:
    ways = [(b, m) for m in MODES for b in ("sqlite", "postgres")]
    runs: dict[str, list[float]] = {f"{b}/{m}": [] for b, m in ways}
    load_before = _load()
    for r in range(repeat):
        for backend, mode in ways[r % len(ways):] + ways[:r % len(ways)]:
            target = new_sqlite() if backend == "sqlite" else new_postgres()
            runs[f"{backend}/{mode}"].append(len(docs) / timed_puts(target, docs, mode, batch))
    med = {k: statistics.median(v) for k, v in runs.items()}
    return {
        "docs": len(docs),
        "batch": batch,
        "docs_per_s": {k: round(v, 1) for k, v in med.items()},
        "runs": {k: [round(x, 1) for x in v] for k, v in runs.items()},
        "put_many_vs_put": {b: round(med[f"{b}/put_many"] / med[f"{b}/put"], 3) for b in ("sqlite", "postgres")},
        "postgres_vs_sqlite": {m: round(med[f"postgres/{m}"] / med[f"sqlite/{m}"], 3) for m in MODES},
        "load_average_1min": [load_before, _load()],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents stored without analysis")
    ap.add_argument("--analysed", type=int, default=100, help="documents analysed with the default analyzers")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16, help="documents per put_many")
    ap.add_argument("--texts", choices=["templated", "varied"], default="templated",
                    help="the plain documents' texts (make_documents); the analysed ones are templated")
    ap.add_argument("--postgres", help="a postgresql:// URL of a server to create the benchmark's databases on")
    ap.add_argument("--fsync", action="store_true", help="the throwaway server flushes each commit to disk, as a "
                    "durable one does (default: fsync off)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    import pgserver

    try:
        server = pgserver.start(args.postgres, fsync=args.fsync)
    except RuntimeError as e:
        print(f"no PostgreSQL server: {e}", file=sys.stderr)
        return 1
    result: dict[str, object] = {"postgres_fsync": "server's own" if (args.postgres or pgserver.server_url_from_env())
                                 else ("on" if args.fsync else "off")}
    created: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            counter = iter(range(10**6))

            def new_sqlite() -> str:
                return str(Path(tmp) / f"s{next(counter)}.sqlite")

            def new_postgres() -> str:
                created.append(server.create_database("pwbench"))
                return created[-1]

            docs = make_documents(args.docs, texts=args.texts)
            result["texts"] = args.texts
            result["plain"] = compare(docs, args.repeat, new_sqlite, new_postgres, args.batch)
            print(f"plain    {json.dumps(result['plain'])}", flush=True)
            if args.analysed:
                from presswatch.analyzers import DEFAULT
                from presswatch.pipeline import analyze_documents

                fresh = make_documents(args.analysed, seed=11)
                list(analyze_documents(fresh[:4], analyzers=DEFAULT))  # models loaded before the clock starts
                fresh = make_documents(args.analysed, seed=11)
                load_before = _load()
                start = time.perf_counter()
                analysed = list(analyze_documents(fresh, analyzers=DEFAULT))
                analysis_s = time.perf_counter() - start
                res = compare(analysed, args.repeat, new_sqlite, new_postgres, args.batch)
                rates = res["docs_per_s"]
                assert isinstance(rates, dict)
                res["analyzers"] = DEFAULT
                res["spans_per_doc"] = round(statistics.mean(len(d.spans) for d in analysed), 1)
                res["analysis_docs_per_s"] = round(len(analysed) / analysis_s, 2)
                res["analysis_ms_per_doc"] = round(1000 * analysis_s / len(analysed), 1)
                res["analysis_load_average_1min"] = [load_before, res["load_average_1min"][0]]  # type: ignore[index]
                res["store_ms_per_doc"] = {k: round(1000 / v, 2) for k, v in rates.items()}
                end_to_end = {k: len(analysed) / (analysis_s + len(analysed) / v) for k, v in rates.items()}
                res["end_to_end_docs_per_s"] = {k: round(v, 2) for k, v in end_to_end.items()}
                result["analysed"] = res
                print(f"analysed {json.dumps(res)}", flush=True)
    finally:
        for url in created:
            server.drop_database(url)
        server.close()
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
