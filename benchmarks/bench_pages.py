"""Latency of the dashboard's pages (``presswatch serve``) on a store of thousands of documents.

Four short invented articles are analysed once (entities, sourcing, places, incidents, techniques); the store is
filled with ``--documents`` variants of them (a paragraph of random words appended, so that each is a document of
its own and not a near-copy; twelve outlets; dates over a year), their incidents linked by word overlap. Each page
is then requested through FastAPI's TestClient (no network): one warm-up, then the median of ``--repeat`` requests.
Pages must stay interactive on such a store: lists are paged and never load texts.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_pages.py --documents 2000 --repeat 5
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ARTICLES = [
    "Shooting near Askeran\n\nSmall-arms fire was reported near Askeran on Tuesday evening, the mission said. "
    'One soldier was wounded, according to the defence ministry.\n\n"We heard it for an hour," said Nora Vance.',
    "Harvest begins around Ganja\n\nFarmers around Ganja began harvesting wheat on Wednesday, the agriculture "
    "ministry said. Traders in Baku said flour prices had fallen.",
    "Enough is enough\n\nThese criminals must be stopped before it is too late! The shameful regime is destroying "
    "our homeland, and every patriot in Stepanakert knows it.",
    "Road reopens to Khankendi\n\nThe road to Khankendi reopened on Monday, officials said. An official who asked "
    "not to be named said convoys would resume.",
]
WORDS = [
    "river",
    "bridge",
    "council",
    "market",
    "winter",
    "school",
    "harbour",
    "railway",
    "grain",
    "report",
    "village",
    "water",
    "office",
    "border",
    "meeting",
    "season",
    "district",
    "museum",
    "festival",
    "engineers",
]


def build(db: str, n: int) -> str:
    """Fill the store at ``db`` with ``n`` documents; return the id of one of them."""
    from presswatch.comparison.linking import link_store
    from presswatch.model import Document
    from presswatch.pipeline import analyze
    from presswatch.store import open_store

    names = ["entities", "sourcing", "places", "incidents", "techniques"]
    base = [analyze(text.encode("utf-8"), analyzers=names) for text in ARTICLES]
    rnd = random.Random(7)
    with open_store(db) as store:
        for k in range(n):
            doc = Document.from_dict(base[k % len(base)].to_dict())
            doc.text += "\n\n" + " ".join(rnd.choice(WORDS) for _ in range(40)) + f" ({k})."
            doc.id, doc.paragraphs = "", []
            doc.__post_init__()  # a new id and paragraphs for the new text; the spans keep their offsets
            doc.source = f"Outlet {k % 12}"
            doc.published = f"2023-{1 + k % 12:02d}-{1 + (k * 7) % 28:02d}"
            store.put(doc, seen_url=f"https://outlet{k % 12}.example/{k}")
        link_store(store, embed=False)
        return store.list(limit=1)[0].document_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from presswatch.web.app import create_app
    from presswatch.web.deps import ServeSettings

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.sqlite")
        t = time.perf_counter()
        some = build(db, args.documents)
        print(f"store of {args.documents} documents built in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        pages = [
            "/",
            f"/documents/{some}",
            f"/documents/{some}?policy=az-official",
            "/search",
            "/search?page=40",
            "/search?q=harvest",
            "/search?q=harvest&technique=Loaded_Language&source=Outlet+3",
            "/map",
            "/map?q=shooting",
            "/compare?since=2023-06-01&until=2023-06-30",
            "/compare",
            "/sources",
        ]
        with TestClient(create_app(ServeSettings(db=db))) as client:
            print(f"{'page':58} {'median ms':>10} {'KiB':>6}")
            for page in pages:
                client.get(page)
                times = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    r = client.get(page)
                    times.append(time.perf_counter() - t)
                assert r.status_code == 200, (page, r.status_code)
                print(f"{page:58} {statistics.median(times) * 1000:10.1f} {len(r.content) // 1024:6d}")


if __name__ == "__main__":
    main()
