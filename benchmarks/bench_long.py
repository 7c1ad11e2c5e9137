"""Time and peak memory of analysing one very long input, against a short one, each in a fresh process.

    .venv/bin/python benchmarks/bench_long.py [--text-mb 1.0] [--page-mb 20] [--analyzers all] [--json out.json]

Inputs are generated (invented sentences, no data set needed): a plain text of ``--text-mb`` MB made of short
news-like paragraphs, an HTML page of ``--page-mb`` MB whose article holds that much text, and a baseline of
10 KB. Each runs as ``presswatch analyze FILE -a ANALYZERS`` in its own process; the script reports wall time
and each child's own peak resident memory (``ru_maxrss`` from ``os.wait4``), and both as ratios to the baseline
run (machines are noisy; the ratios are the figures to compare). The page is over the default analysis limit
(2,000,000 characters), so it measures extraction plus the refusal; pass ``--max-chars`` to analyse it anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "the",
    "ministry",
    "said",
    "soldiers",
    "village",
    "road",
    "ceasefire",
    "observers",
    "reported",
    "council",
    "minister",
    "talks",
    "border",
    "night",
    "morning",
    "convoy",
    "mayor",
    "bridge",
    "clinic",
    "water",
    "shelling",
    "denied",
    "district",
    "spokesman",
]


def paragraphs(n_chars: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n_chars:
        sents = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 25))).capitalize() + "."
            for _ in range(rng.randint(2, 5))
        ]
        p = " ".join(sents)
        out.append(p)
        size += len(p) + 2
    return out


def run(path: Path, analyzers: str, extra: list[str]) -> dict[str, float]:
    """Run ``presswatch analyze`` on ``path`` in a child process: its wall time and its own peak RSS (wait4)."""
    cmd = [sys.executable, "-m", "presswatch", "analyze", str(path), "-a", analyzers, "-f", "json", "--no-progress"]
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([*cmd, *extra], stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode("utf-8", "replace").strip()
    if proc.returncode not in (0, 1):
        sys.exit(f"{path.name}: presswatch failed ({proc.returncode}): {message[-400:]}")
    return {"wall_s": round(wall, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1), "note": message[-200:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--text-mb", type=float, default=1.0)
    ap.add_argument("--page-mb", type=float, default=20.0)
    ap.add_argument("--analyzers", default="entities,places,sourcing,techniques,frames,incidents")
    ap.add_argument("--max-chars", type=int, default=None, help="passed on to presswatch analyze")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    extra = ["--max-chars", str(a.max_chars)] if a.max_chars else []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "base.txt").write_text("\n\n".join(paragraphs(10_000, 1)), encoding="utf-8")
        (d / "long.txt").write_text("\n\n".join(paragraphs(int(a.text_mb * 1e6), 2)), encoding="utf-8")
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs(int(a.page_mb * 1e6), 3))
        (d / "page.html").write_text(
            f"<html><head><title>A long page</title></head><body><article>"
            f"<h1>A long page</h1>{body}</article></body></html>",
            encoding="utf-8",
        )
        results = {}
        for name in ("base.txt", "long.txt", "page.html"):
            results[name] = run(d / name, a.analyzers, extra)
            results[name]["mb"] = round((d / name).stat().st_size / 1e6, 2)
    base = results["base.txt"]
    print(f"{'input':<10} {'MB':>6} {'wall s':>8} {'x base':>7} {'peak MB':>8} {'x base':>7}")
    for name, r in results.items():
        print(
            f"{name:<10} {r['mb']:>6} {r['wall_s']:>8} {r['wall_s'] / base['wall_s']:>7.1f} {r['peak_mb']:>8} "
            f"{r['peak_mb'] / base['peak_mb']:>7.2f}"
        )
    if a.json:
        a.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
