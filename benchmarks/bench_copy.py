"""``presswatch store copy``: the time to copy a store SQLite -> PostgreSQL, a second run over the complete copy (it
copies nothing) and the way back PostgreSQL -> SQLite.

    .venv/bin/python benchmarks/bench_copy.py [--docs 2000] [--batch 200] [--postgres URL] [--json F]

The documents are bench_store.py's invented ones (about 250 words each, no analysis), stored first into a new SQLite
file (not timed). PostgreSQL is ``--postgres`` (a server URL), else ``$PRESSWATCH_TEST_POSTGRES``, else a throwaway
server started as the tests start it (tests/pgserver.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # pgserver
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_store import make_documents  # noqa: E402
from presswatch.store import open_store  # noqa: E402
from presswatch.store.copy import copy_store  # noqa: E402


def timed_copy(src: str, dst: str, batch: int) -> tuple[float, dict[str, int]]:
    with open_store(src) as a, open_store(dst) as b:
        start = time.perf_counter()
        result = copy_store(a, b, batch=batch)
        elapsed = time.perf_counter() - start
        assert all(result.source[t] == result.target[t] for t in result.source), result.rows()
    return elapsed, result.copied


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents in the store copied")
    ap.add_argument("--batch", type=int, default=200, help="documents per transaction of the target")
    ap.add_argument("--postgres", help="a postgresql:// URL of a server to create the benchmark's database on")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    import pgserver

    try:
        server = pgserver.start(args.postgres)
    except RuntimeError as e:
        print(f"no PostgreSQL server: {e}", file=sys.stderr)
        return 1
    result: dict[str, object] = {"docs": args.docs, "batch": args.batch}
    url = server.create_database("pwbench")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            lite = str(Path(tmp) / "source.sqlite")
            with open_store(lite) as store:
                for d in make_documents(args.docs):
                    store.put(d)
            for name, (src, dst) in {
                "sqlite_to_postgres": (lite, url),
                "again_nothing_to_copy": (lite, url),
                "postgres_to_sqlite": (url, str(Path(tmp) / "back.sqlite")),
            }.items():
                seconds, copied = timed_copy(src, dst, args.batch)
                result[name] = {"seconds": round(seconds, 2), "documents_copied": copied["documents"],
                                "docs_per_s": round(args.docs / seconds, 1) if copied["documents"] else None}
                print(f"{name:22} {json.dumps(result[name])}", flush=True)
    finally:
        server.drop_database(url)
        server.close()
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
