"""Where the default pipeline's time goes, analyzer by analyzer, against the spaCy parse; ONNX threads 1 against 2;
and the analysed documents as JSON, to check that a speed-up leaves every output byte-identical.

All modes read the first ``--limit`` pages of ``--pages`` that presswatch extracts as English (as
``bench_analyze.py --english-only``) and hold the extracted documents in memory.

``--mode profile`` (default): ``--repeat`` passes of ``analyze_documents`` over the documents. Every analyzer's
``annotate`` and ``summarize``, the parse (``Resources.prepare``) and the language segmentation are timed with
``time.process_time`` and ``time.perf_counter``; a separate pass of spaCy alone (``nlp.pipe``, the same batch size)
gives the reference: *ratio* = pipeline CPU / spaCy CPU (the figure of issue 13, target <= 2). Medians of the
passes, every pass's figure beside them. ``--profile F`` writes a cProfile of one more pass.

``--mode threads``: the techniques analyzer alone (its parse-free ``annotate``) on each document, alternating a model
opened with 1 and with 2 ONNX intra-op threads document by document (order swapped every document), CPU and wall
seconds per document for each.

``--mode dump --out F``: the analysed documents (``Document.to_dict()``, ``json.dumps(sort_keys=True)``, one line
each) written to F; compare two checkouts' files with ``cmp``.

``--baseline-src OTHER/src`` (profile mode): runs this script on OTHER's code in a subprocess, alternating with
this checkout's code pass by pass, and prints both and the ratio of their pipeline CPU.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_analyzers.py --limit 50 --repeat 3 [--baseline-src ../main/src]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

DEFAULT_PAGES = Path("../shared/data/extraction/trafilatura-eval/html")
DEFAULT_ANALYZERS = "entities,sourcing,places,techniques,frames,incidents"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def english_documents(folder: Path, limit: int) -> list[Any]:
    from presswatch.errors import PresswatchError
    from presswatch.ingest.extract import extract_html

    if not folder.is_dir():
        log(f"no page folder {folder} (--pages)")
        raise SystemExit(1)
    docs = []
    for p in sorted(folder.glob("*.html")):
        try:
            d = extract_html(p.read_bytes(), origin=str(p))
        except PresswatchError:
            continue
        if (d.language or "en") == "en":
            docs.append(d)
            if len(docs) >= limit:
                break
    return docs


def fresh(docs: list[Any]) -> Iterator[Any]:
    """Copies of the extracted documents, spans and summaries empty, as extraction gives them."""
    from presswatch.model import Document

    for d in docs:
        yield Document.from_dict(d.to_dict())


class Timer:
    """CPU and wall seconds per key, added up by :meth:`wrap`ped functions (not nested: a wrapped function
    called inside another's time is counted in both; the keys here do not nest)."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)

    def wrap(self, key: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def inner(*args: Any, **kwargs: Any) -> Any:
            c, w = time.process_time(), time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.cpu[key] += time.process_time() - c
                self.wall[key] += time.perf_counter() - w
        return inner


def instrument(names: list[str], timer: Timer) -> None:
    from presswatch import analyzers as am

    for n in names:
        a = am.get(n)
        a.annotate = timer.wrap(n, a.annotate)  # type: ignore[method-assign]
        if hasattr(a, "annotate_field"):
            a.annotate_field = timer.wrap(n, a.annotate_field)  # type: ignore[attr-defined]
        if hasattr(a, "summarize"):
            a.summarize = timer.wrap(n, a.summarize)  # type: ignore[attr-defined]
    am.Resources.prepare = timer.wrap("parse (Resources.prepare)", am.Resources.prepare)  # type: ignore[method-assign]
    am.Resources.segments = timer.wrap("paragraph languages (segments)", am.Resources.segments)  # type: ignore[method-assign]


def forget() -> None:
    """Empty the caches keyed by text, so that a repeated pass reads every page anew (bench_analyze.forget_texts)."""
    here = str(Path(__file__).parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    from bench_analyze import forget_texts

    forget_texts()


def pipeline_pass(docs: list[Any], names: list[str], batch: int) -> tuple[float, float]:
    from presswatch.pipeline import analyze_documents

    forget()
    c, w = time.process_time(), time.perf_counter()
    for d in analyze_documents(fresh(docs), analyzers=names, batch_size=batch):
        assert d.analyzers
    return time.process_time() - c, time.perf_counter() - w


def spacy_pass(texts: list[str], batch: int) -> tuple[float, float]:
    from presswatch.nlp.pipelines import get_nlp

    nlp = get_nlp("en")
    c, w = time.process_time(), time.perf_counter()
    for d in nlp.pipe(texts, batch_size=batch):
        assert len(d) >= 0
    return time.process_time() - c, time.perf_counter() - w


def profile_mode(a: argparse.Namespace, docs: list[Any], names: list[str]) -> dict[str, Any]:
    from presswatch import analyzers as am

    for n in names:
        am.get(n)
    texts = [d.text for d in docs]
    log("warm-up pass ...")
    pipeline_pass(docs[: a.batch_size], names, a.batch_size)
    spacy_pass(texts[: a.batch_size], a.batch_size)
    timer_runs: list[Timer] = []
    runs: dict[str, list[tuple[float, float]]] = {"pipeline": [], "spacy": []}
    timer = Timer()
    instrument(names, timer)
    for r in range(a.repeat):
        order = ["pipeline", "spacy"] if r % 2 == 0 else ["spacy", "pipeline"]
        for stage in order:
            if stage == "spacy":
                runs["spacy"].append(spacy_pass(texts, a.batch_size))
            else:
                timer.cpu.clear()
                timer.wall.clear()
                runs["pipeline"].append(pipeline_pass(docs, names, a.batch_size))
                snap = Timer()
                snap.cpu, snap.wall = dict(timer.cpu), dict(timer.wall)  # type: ignore[assignment]
                timer_runs.append(snap)
        log(f"pass {r + 1}: pipeline {runs['pipeline'][-1][0]:.2f} s CPU, spaCy {runs['spacy'][-1][0]:.2f} s CPU, "
            f"load {os.getloadavg()[0]:.1f}")
    if a.profile:
        prof = cProfile.Profile()
        prof.enable()
        pipeline_pass(docs, names, a.batch_size)
        prof.disable()
        prof.dump_stats(str(a.profile))
    keys = list(timer_runs[0].cpu)
    return {
        "documents": len(docs), "characters": sum(len(t) for t in texts), "analyzers": names,
        "pipeline_cpu": [x[0] for x in runs["pipeline"]], "pipeline_wall": [x[1] for x in runs["pipeline"]],
        "spacy_cpu": [x[0] for x in runs["spacy"]], "spacy_wall": [x[1] for x in runs["spacy"]],
        "parts_cpu": {k: [t.cpu.get(k, 0.0) for t in timer_runs] for k in keys},
        "parts_wall": {k: [t.wall.get(k, 0.0) for t in timer_runs] for k in keys},
        "loadavg": os.getloadavg(),
    }


def print_profile(r: dict[str, Any], label: str = "") -> None:
    med = statistics.median
    sp = med(r["spacy_cpu"])
    pl = med(r["pipeline_cpu"])
    print(f"{label}{r['documents']} documents, {r['characters']:,} characters; analyzers {','.join(r['analyzers'])}")
    print(f"{'part':34} {'CPU s':>7} {'x parse':>8} {'wall s':>7}  CPU runs")
    for k in sorted(r["parts_cpu"], key=lambda k: -med(r["parts_cpu"][k])):
        c = med(r["parts_cpu"][k])
        print(f"{k:34} {c:7.2f} {c / sp:8.2f} {med(r['parts_wall'][k]):7.2f}  "
              + "/".join(f"{x:.2f}" for x in r["parts_cpu"][k]))
    print(f"{'pipeline (analyze_documents)':34} {pl:7.2f} {pl / sp:8.2f} {med(r['pipeline_wall']):7.2f}  "
          + "/".join(f"{x:.2f}" for x in r["pipeline_cpu"]))
    print(f"{'spaCy alone (nlp.pipe)':34} {sp:7.2f} {1:8.2f} {med(r['spacy_wall']):7.2f}  "
          + "/".join(f"{x:.2f}" for x in r["spacy_cpu"]))
    ratios = [p / s for p, s in zip(r["pipeline_cpu"], r["spacy_cpu"], strict=True)]
    print(f"pipeline / spaCy CPU: {pl / sp:.2f}x (passes {', '.join(f'{x:.2f}' for x in ratios)}); "
          f"load average {' '.join(f'{x:.1f}' for x in r['loadavg'])}")


def threads_mode(a: argparse.Namespace, docs: list[Any]) -> dict[str, Any]:
    from presswatch.analyzers import Resources
    from presswatch.analyzers.techniques.analyzer import TechniquesAnalyzer

    an = {t: TechniquesAnalyzer(threads=t) for t in (1, 2)}
    res = Resources()
    outs: dict[int, list[str]] = {1: [], 2: []}
    for t in (1, 2):  # load and warm up
        an[t].annotate(docs[0], res)
    cpu: dict[int, list[float]] = {1: [], 2: []}
    wall: dict[int, list[float]] = {1: [], 2: []}
    for r in range(a.repeat):
        for i, d in enumerate(docs):
            for t in ((1, 2) if (i + r) % 2 == 0 else (2, 1)):
                forget()
                c, w = time.process_time(), time.perf_counter()
                spans = an[t].annotate(d, res)
                cpu[t].append(time.process_time() - c)
                wall[t].append(time.perf_counter() - w)
                if r == 0:
                    outs[t].append(json.dumps([s.to_dict() for s in spans], sort_keys=True))
        log(f"pass {r + 1}: 1 thread {sum(cpu[1]):.2f} s CPU {sum(wall[1]):.2f} s wall; "
            f"2 threads {sum(cpu[2]):.2f} s CPU {sum(wall[2]):.2f} s wall; load {os.getloadavg()[0]:.1f}")
    return {"documents": len(docs), "repeat": a.repeat, "cpu": cpu, "wall": wall,
            "identical_output": outs[1] == outs[2], "loadavg": os.getloadavg()}


def print_threads(r: dict[str, Any]) -> None:
    n = r["documents"] * r["repeat"]
    print(f"techniques analyzer, {r['documents']} documents x {r['repeat']} passes, 1 and 2 ONNX threads alternating")
    print(f"{'threads':>7} {'CPU s/doc':>10} {'wall s/doc':>11} {'CPU/wall':>9}")
    for t in (1, 2):
        c, w = sum(r["cpu"][t]) / n, sum(r["wall"][t]) / n
        print(f"{t:>7} {c:10.3f} {w:11.3f} {c / w:9.2f}")
    print(f"same spans with 1 and 2 threads: {r['identical_output']}; "
          f"load average {' '.join(f'{x:.1f}' for x in r['loadavg'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of .html pages")
    ap.add_argument("--limit", type=int, default=50, help="first N English pages (sorted by name)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--analyzers", default=DEFAULT_ANALYZERS)
    ap.add_argument("--batch-size", type=int, default=8, help="parse batch (analyzers.PARSE_BATCH)")
    ap.add_argument("--mode", choices=["profile", "threads", "dump"], default="profile")
    ap.add_argument("--out", type=Path, help="dump mode: where to write the documents")
    ap.add_argument("--profile", type=Path, help="profile mode: a cProfile of one more pass (.prof)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--baseline-src", type=Path, help="profile mode: compare with another checkout's src")
    a = ap.parse_args(argv)
    names = [x.strip() for x in a.analyzers.split(",") if x.strip()]
    if a.baseline_src:
        return compare(a, argv if argv is not None else sys.argv[1:])
    docs = english_documents(a.pages, a.limit)
    log(f"{len(docs)} English documents")
    if a.mode == "dump":
        from presswatch.pipeline import analyze_documents

        if a.out is None:
            ap.error("--mode dump needs --out")
        with a.out.open("w", encoding="utf-8") as f:
            for d in analyze_documents(fresh(docs), analyzers=names, batch_size=a.batch_size):
                f.write(json.dumps(d.to_dict(), sort_keys=True, ensure_ascii=False) + "\n")
        return 0
    if a.mode == "threads":
        r = threads_mode(a, docs)
        print_threads(r)
    else:
        r = profile_mode(a, docs, names)
        print_profile(r)
    if a.json:
        a.json.write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    return 0


def compare(a: argparse.Namespace, argv: list[str]) -> int:
    """This script run ``--repeat`` times on each of two checkouts' code, alternating, one pass a run."""
    import tempfile

    here = Path(__file__).resolve().parents[1] / "src"
    rest: list[str] = []
    skip = False
    for x in argv:
        if skip:
            skip = False
            continue
        if x in ("--baseline-src", "--repeat", "--json", "--profile"):
            skip = True
            continue
        if x.startswith(("--baseline-src=", "--repeat=", "--json=", "--profile=")):
            continue
        rest.append(x)
    results: dict[str, list[dict[str, Any]]] = {"baseline": [], "this": []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(a.repeat):
            order = [("baseline", a.baseline_src), ("this", here)]
            if r % 2:
                order.reverse()
            for label, src in order:
                out = Path(tmp) / f"{label}{r}.json"
                env = dict(os.environ, PYTHONPATH=str(Path(src).resolve()))
                with contextlib.suppress(KeyError):
                    env.pop("PYTHONHOME")
                subprocess.run([sys.executable, __file__, *rest, "--repeat", "1", "--json", str(out)],
                               env=env, check=True, stdout=subprocess.DEVNULL)
                results[label].append(json.loads(out.read_text(encoding="utf-8")))
                log(f"run {r + 1} {label}: pipeline {results[label][-1]['pipeline_cpu'][0]:.2f} s CPU")
    merged = {}
    for label, rs in results.items():
        m = dict(rs[0])
        for k in ("pipeline_cpu", "pipeline_wall", "spacy_cpu", "spacy_wall"):
            m[k] = [x[k][0] for x in rs]
        m["parts_cpu"] = {k: [x["parts_cpu"].get(k, [0.0])[0] for x in rs] for k in rs[0]["parts_cpu"]}
        m["parts_wall"] = {k: [x["parts_wall"].get(k, [0.0])[0] for x in rs] for k in rs[0]["parts_wall"]}
        m["loadavg"] = rs[-1]["loadavg"]
        merged[label] = m
        print_profile(m, label=f"[{label}: {a.baseline_src if label == 'baseline' else here}] ")
        print()
    med = statistics.median
    b, t = med(merged["baseline"]["pipeline_cpu"]), med(merged["this"]["pipeline_cpu"])
    bs, ts = med(merged["baseline"]["spacy_cpu"]), med(merged["this"]["spacy_cpu"])
    print(f"pipeline CPU: baseline {b:.2f} s -> this {t:.2f} s ({t / b:.2f}x); pipeline/spaCy "
          f"{b / bs:.2f}x -> {t / ts:.2f}x")
    if a.json:
        a.json.write_text(json.dumps(merged, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
