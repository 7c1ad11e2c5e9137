"""Throughput, memory and cold start of presswatch against its own dependencies, in one process.

Stages, all over the same HTML pages held in memory (file reading is left out, except in ``process``):

  traf-default  trafilatura alone, ``bare_extraction(html, with_metadata=True)`` (library defaults; shown
                for reference, not used in the overhead)
  traf          trafilatura alone with the options presswatch passes (``include_comments=False``,
                ``deduplicate=False``), so that the overhead below is presswatch's own code only
  spacy         spaCy alone, ``get_nlp("en").pipe(texts)``, on the texts ``traf`` extracted from the pages
                that presswatch parses (those it identifies as English; it skips the others)
  presswatch    ``analyze_documents(extract_html(page) for page in pages, analyzers=[...])``
  process       ``presswatch.pipeline.process(paths, analyzers=[...])`` over the page files (adds file
                reading, content sniffing and duplicate detection)

overhead = t(presswatch) - t(traf) - t(spacy), reported as a ratio of t(traf) + t(spacy) (target < 15 %).
Each stage is warmed up first (model loading is timed separately), the stages are run in a rotating
order ``--repeat`` times and the medians are reported. Caches keyed by text (genre's story embeddings) are
emptied before every stage run (:func:`forget_texts`), so that a repeated run is not a run of cache hits.

Memory: ``RSS peak`` is the process's resident-set high-water mark during the stage (Linux: VmHWM from
/proc/self/status after resetting it through /proc/self/clear_refs; elsewhere ru_maxrss, which cannot be
reset and so is the process peak so far). ``py peak`` is tracemalloc's peak of Python-visible allocations
(objects, numpy/thinc buffers) in a separate traced run per stage; libxml2's and other C allocations are not
traced. Both exclude nothing loaded before the stage (the spaCy model etc. is in the RSS baseline).

Cold start: wall time of ``presswatch --help`` and ``python -c "import presswatch"`` in fresh subprocesses
(median of 5 after one discarded run), and which heavy modules importing ``presswatch`` / ``presswatch.cli``
pulls in (target: none, and ``--help`` under 0.5 s).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_analyze.py --limit 300 --repeat 3 --json bench.json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

DEFAULT_PAGES = Path("../shared/data/extraction/trafilatura-eval/html")
HEAVY = ("spacy", "thinc", "trafilatura", "htmldate", "httpx", "onnxruntime", "torch", "numpy", "lxml")
OVERHEAD_TARGET = 0.15
HELP_TARGET_S = 0.5
IMPORT_CMD = 'python -c "import presswatch"'


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def forget_texts() -> None:
    """Empty the in-process caches keyed by text (the story embeddings the genre analyzer reads, the persuasion
    model's window memo, the incident types and hashed features of the sentences read last), so that every timed
    run reads each page as new: from the second run on they would otherwise all be cache hits (10 English pages:
    17.9 s CPU read once, 0.03 s read again)."""
    sim = sys.modules.get("presswatch.comparison.similarity")
    memo = getattr(sim, "_memo", None)
    if memo is not None:
        memo.clear()
    tm = sys.modules.get("presswatch.analyzers.techniques.sentence_model")
    forget = getattr(getattr(tm, "TechniqueModel", None), "forget", None)
    if forget is not None:  # the persuasion model's window memo (a code before it has none)
        forget()
    inc = sys.modules.get("presswatch.analyzers.incidents.analyzer")
    classify = getattr(inc, "_classify", None)
    if classify is not None and hasattr(classify, "cache_clear"):  # the incident types of the sentences read last
        classify.cache_clear()
    model = sys.modules.get("presswatch.analyzers.incidents.model")
    ids = getattr(model, "feature_ids", None)
    if ids is not None and hasattr(ids, "cache_clear"):  # the hashed features of the sentences the models read last
        ids.cache_clear()


# --------------------------------------------------------------------------- memory


class RSSMeter:
    """Peak resident set size during a stage.

    On Linux the high-water mark (VmHWM) is reset by writing "5" to /proc/self/clear_refs; elsewhere only
    ru_maxrss is available, which is the process's peak since it started.
    """

    def __init__(self) -> None:
        self.method = "ru_maxrss (process peak so far, not resettable)"
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
            if self._status("VmHWM") is not None:
                self.method = "VmHWM after clear_refs (per-stage peak)"
                self._resettable = True
                return
        except OSError:
            pass
        self._resettable = False

    @staticmethod
    def _status(key: str) -> int | None:
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith(key + ":"):
                        return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None

    def current(self) -> int | None:
        return self._status("VmRSS")

    def reset(self) -> None:
        if self._resettable:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")

    def peak(self) -> int:
        if self._resettable:
            v = self._status("VmHWM")
            if v is not None:
                return v
        r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return r if sys.platform == "darwin" else r * 1024


def mib(n: float | None) -> str:
    return "-" if n is None else f"{n / 2**20:.0f}"


# --------------------------------------------------------------------------- cold start


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _median_wall(cmd: list[str], runs: int, env: dict[str, str]) -> tuple[float | None, str, float | None]:
    """Median wall time and median CPU time (user + system) of ``cmd`` in a fresh process."""
    times: list[float] = []
    cpus: list[float] = []
    for i in range(runs + 1):  # the first run warms the file cache and is discarded
        c0 = _children_cpu()
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, env=env)
        dt = time.perf_counter() - t0
        dc = _children_cpu() - c0
        if p.returncode != 0:
            err = (p.stderr or p.stdout).strip().splitlines()[-1:] or [f"exit {p.returncode}"]
            return None, err[0], None
        if i:
            times.append(dt)
            cpus.append(dc)
    return statistics.median(times), "", statistics.median(cpus)


def _import_probe(modules: list[str], env: dict[str, str]) -> dict[str, Any]:
    code = (
        "import importlib, json, sys\n"
        f"mods = {modules!r}\n"
        "out = {}\n"
        "for m in mods:\n"
        "    try:\n"
        "        importlib.import_module(m)\n"
        "    except Exception as e:\n"
        "        out['error'] = f'{m}: {type(e).__name__}: {e}'\n"
        "        break\n"
        f"out['heavy'] = sorted(h for h in {HEAVY!r} if h in sys.modules)\n"
        "out['n_modules'] = len(sys.modules)\n"
        "print(json.dumps(out))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    return json.loads(p.stdout)


def _importtime_top(module: str, env: dict[str, str], n: int = 8) -> list[tuple[str, float]]:
    """The slowest top-level imports (cumulative seconds) under ``python -X importtime``."""
    p = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                       capture_output=True, text=True, env=env)
    rows: list[tuple[str, float, int]] = []
    for line in p.stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "cumulative" in line:
            continue
        name = parts[2].rstrip()
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((name.strip(), int(parts[1]) / 1e6, depth))
    top = [(name, cum) for name, cum, depth in rows if depth <= 1]
    return sorted(top, key=lambda x: -x[1])[:n]


def cold_start(runs: int = 5) -> dict[str, Any]:
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    out: dict[str, Any] = {"runs": runs}
    exe = shutil.which("presswatch", path=str(Path(sys.executable).parent)) or shutil.which("presswatch")
    help_cmd = [exe, "--help"] if exe else [sys.executable, "-m", "presswatch", "--help"]
    out["help_cmd"] = "presswatch --help" if exe else "python -m presswatch --help"
    out["help_s"], out["help_error"], out["help_cpu_s"] = _median_wall(help_cmd, runs, env)
    imp = [sys.executable, "-c", "import presswatch"]
    out["import_s"], out["import_error"], out["import_cpu_s"] = _median_wall(imp, runs, env)
    out["python_s"], _, out["python_cpu_s"] = _median_wall([sys.executable, "-c", "pass"], runs, env)
    out["import_presswatch"] = _import_probe(["presswatch"], env)
    out["import_cli"] = _import_probe(["presswatch", "presswatch.cli"], env)
    out["import_pipeline"] = _import_probe(["presswatch.pipeline"], env)
    if "error" not in out["import_cli"]:
        out["cli_importtime_top"] = _importtime_top("presswatch.cli", env)
    return out


# --------------------------------------------------------------------------- stages


def load_pages(folder: Path, limit: int) -> list[tuple[Path, bytes]]:
    if not folder.is_dir():
        sys.exit(
            f"error: page folder {folder} not found. Give a folder of .html files with --pages DIR "
            f"(default {DEFAULT_PAGES}, the trafilatura evaluation pages of the shared data)."
        )
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".html", ".htm"))[:limit]
    if not files:
        sys.exit(f"error: no .html files in {folder}")
    return [(p, p.read_bytes()) for p in files]


def run_stage(fn: Callable[[list[int]], int], chunk: list[int], rss: RSSMeter,
              trace: bool = False) -> dict[str, Any]:
    gc.collect()
    base = rss.current()
    rss.reset()
    if trace:
        tracemalloc.start()
    c0, t0 = time.process_time(), time.perf_counter()
    n = fn(chunk)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    res: dict[str, Any] = {"s": dt, "cpu": dc, "items": n, "rss_base": base or 0, "rss_peak": rss.peak()}
    if trace:
        res["py_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of .html pages")
    ap.add_argument("--limit", type=int, default=300, help="first N pages (sorted by name)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each stage (median reported)")
    ap.add_argument("--analyzers", default="entities", help="comma-separated analyzers for presswatch")
    ap.add_argument("--batch-size", type=int, default=8, help="nlp.pipe batch size (presswatch's default, PARSE_BATCH)")
    ap.add_argument("--stages", default="traf-default,traf,spacy,presswatch,process")
    ap.add_argument("--chunk", type=int, default=48,
                    help="interleave the stages every N pages (0: whole runs), so that load from other "
                         "processes hits every stage alike")
    ap.add_argument("--english-only", action="store_true",
                    help="the first --limit pages that presswatch identifies as English (so all are parsed)")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-start measurements")
    ap.add_argument("--profile", type=Path, help="write a cProfile of one presswatch run here (.prof)")
    ap.add_argument("--json", type=Path, help="write all figures here")
    a = ap.parse_args(argv)

    names = [x.strip() for x in a.analyzers.split(",") if x.strip()]
    stages = [x.strip() for x in a.stages.split(",") if x.strip()]
    # with --english-only, the limit applies after filtering (see the setup pass)
    pages = load_pages(a.pages, 10**9 if a.english_only else a.limit)
    report: dict[str, Any] = {
        "command": " ".join([Path(sys.argv[0]).as_posix(), *(argv if argv is not None else sys.argv[1:])]),
        "python": platform.python_version(),
        "loadavg": " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?",
        "platform": platform.platform(), "cpus": os.cpu_count(),
        "pages": len(pages), "html_bytes": sum(len(b) for _, b in pages), "analyzers": names,
        "batch_size": a.batch_size, "repeat": a.repeat,
    }

    if not a.no_cold:
        log("cold start ...")
        report["cold"] = cold_start()

    rss = RSSMeter()
    report["rss_method"] = rss.method
    report["rss_start"] = rss.current()

    # ---- loading, timed apart from the stages
    load: dict[str, float] = {}
    t0 = time.perf_counter()
    import trafilatura

    load["import trafilatura"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    from presswatch.errors import PresswatchError
    from presswatch.ingest.extract import extract_html
    from presswatch.model import Document
    from presswatch.pipeline import analyze_documents, process

    load["import presswatch.pipeline"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    from presswatch.nlp.pipelines import get_nlp

    nlp = get_nlp("en")
    load["spaCy model (get_nlp('en'))"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    from presswatch.nlp import lang

    lang._identifier()
    load["py3langid model"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    from presswatch import analyzers as analyzers_mod

    for n in names:
        analyzers_mod.get(n)
    load[f"analyzers {','.join(names)} (instantiate)"] = time.perf_counter() - t0
    report["load_s"] = load
    report["rss_after_load"] = rss.current()

    htmls = [b for _, b in pages]
    paths = [str(p) for p, _ in pages]

    # ---- one untimed pass: which pages presswatch turns into documents, in which language
    log(f"setup pass over {len(pages)} pages ...")
    english: list[int] = []
    failures = 0
    langs: dict[str, int] = {}
    for i, h in enumerate(htmls):
        if a.english_only and len(english) >= a.limit:
            break
        try:
            d = extract_html(h, origin=paths[i])
        except PresswatchError:
            failures += 1
            continue
        langs[d.language or "?"] = langs.get(d.language or "?", 0) + 1
        if (d.language or "en") == "en":
            english.append(i)
    if a.english_only:
        keep = set(english)
        pages = [pg for i, pg in enumerate(pages) if i in keep]
        htmls, paths = [b for _, b in pages], [str(p) for p, _ in pages]
        english = list(range(len(pages)))
        langs = {"en": len(pages)}
        failures = 0
        report["pages"], report["html_bytes"] = len(pages), sum(len(b) for b in htmls)
    traf_texts: list[str | None] = []
    for h in htmls:
        r = trafilatura.bare_extraction(h, with_metadata=True, include_comments=False, deduplicate=False)
        traf_texts.append((r.text or "") if r is not None else None)
    # page index -> the text trafilatura extracted, for the pages presswatch parses with spaCy
    spacy_texts = {i: t for i in english if (t := traf_texts[i])}
    report["documents"] = len(htmls) - failures
    report["no_text"] = failures
    report["languages"] = dict(sorted(langs.items(), key=lambda kv: -kv[1]))
    report["parsed_docs"] = len(spacy_texts)
    report["parsed_chars"] = sum(len(t) for t in spacy_texts.values())

    # ---- the stages: each takes the indices of the pages of one chunk
    def traf_default(ix: list[int]) -> int:
        n = 0
        for i in ix:
            n += trafilatura.bare_extraction(htmls[i], with_metadata=True) is not None
        return n

    def traf(ix: list[int]) -> int:
        n = 0
        for i in ix:
            n += trafilatura.bare_extraction(htmls[i], with_metadata=True, include_comments=False,
                                             deduplicate=False) is not None
        return n

    def spacy_only(ix: list[int]) -> int:
        n = 0
        for d in nlp.pipe([spacy_texts[i] for i in ix if i in spacy_texts], batch_size=a.batch_size):
            n += len(d.ents) >= 0
        return n

    def docs_iter(ix: list[int]) -> Iterator[Document]:
        for i in ix:
            try:
                yield extract_html(htmls[i], origin=paths[i])
            except PresswatchError:
                continue

    def presswatch_full(ix: list[int]) -> int:
        n = 0
        for d in analyze_documents(docs_iter(ix), analyzers=names, batch_size=a.batch_size):
            n += len(d.spans) >= 0
        return n

    def presswatch_process(ix: list[int]) -> int:
        n = 0
        for _ in process([paths[i] for i in ix], analyzers=names, batch_size=a.batch_size):
            n += 1
        return n

    fns: dict[str, Callable[[list[int]], int]] = {
        "traf-default": traf_default, "traf": traf, "spacy": spacy_only,
        "presswatch": presswatch_full, "process": presswatch_process,
    }
    unknown = [s for s in stages if s not in fns]
    if unknown:
        sys.exit(f"error: unknown stage(s) {unknown}; choose from {list(fns)}")

    log("warm-up ...")
    warm = sorted(spacy_texts)[:10] + [i for i in range(len(htmls)) if i not in spacy_texts][:3]
    for s in stages:
        fns[s](warm)

    every = list(range(len(htmls)))
    size = a.chunk if a.chunk > 0 else len(every)
    chunks = [every[k:k + size] for k in range(0, len(every), size)]
    report["chunk"] = size
    runs: dict[str, list[dict[str, Any]]] = {s: [] for s in stages}
    step = 0
    for r in range(a.repeat):
        log(f"run {r + 1}/{a.repeat} ({len(chunks)} chunks of {size} pages, stages interleaved) ...")
        tot = {s: {"s": 0.0, "cpu": 0.0, "items": 0, "rss_base": 0, "rss_peak": 0} for s in stages}
        for ch in chunks:
            order = stages[step % len(stages):] + stages[: step % len(stages)]
            step += 1
            for s in order:
                forget_texts()
                x = run_stage(fns[s], ch, rss)
                t = tot[s]
                t["s"] += x["s"]
                t["cpu"] += x["cpu"]
                t["items"] += x["items"]
                t["rss_peak"] = max(t["rss_peak"], x["rss_peak"])
                t["rss_base"] = x["rss_base"] if not t["rss_base"] else min(t["rss_base"], x["rss_base"])
        for s in stages:
            runs[s].append(tot[s])

    traced: dict[str, dict[str, Any]] = {}
    if not a.no_memory:
        for s in stages:
            log(f"tracemalloc run: {s} ...")
            traced[s] = run_stage(fns[s], every, rss, trace=True)

    if a.profile:
        import cProfile

        log(f"profiling presswatch -> {a.profile}")
        prof = cProfile.Profile()
        prof.runcall(presswatch_full, every)
        prof.dump_stats(str(a.profile))

    # ---- summary
    summary: dict[str, Any] = {}
    for s in stages:
        med = statistics.median(x["s"] for x in runs[s])
        summary[s] = {
            "median_s": med,
            "median_cpu_s": statistics.median(x["cpu"] for x in runs[s]),
            "runs_s": [round(x["s"], 3) for x in runs[s]],
            "runs_cpu_s": [round(x["cpu"], 3) for x in runs[s]],
            "docs_per_s": runs[s][0]["items"] / med,
            "items": runs[s][0]["items"],
            "rss_peak": max(x["rss_peak"] for x in runs[s]),
            "rss_base": min(x["rss_base"] for x in runs[s]),
            "py_peak": traced[s]["py_peak"] if s in traced else None,
        }
    report["stages"] = summary

    def overhead(stage: str) -> dict[str, Any]:
        out: dict[str, Any] = {"target": OVERHEAD_TARGET}
        for key, k in (("wall", "s"), ("cpu", "cpu")):
            per_run = [(c[k] - x[k] - y[k]) / (x[k] + y[k])
                       for x, y, c in zip(runs["traf"], runs["spacy"], runs[stage], strict=True)]
            base = statistics.median(x[k] + y[k] for x, y in zip(runs["traf"], runs["spacy"], strict=True))
            out[key] = {"median_ratio": statistics.median(per_run), "per_run_ratio": per_run,
                        "median_seconds": statistics.median(per_run) * base}
        return out

    for stage in ("presswatch", "process"):
        if {"traf", "spacy", stage} <= set(summary):
            report[f"overhead_{stage}"] = overhead(stage)

    print_report(report)
    if a.json:
        a.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
        log(f"wrote {a.json}")
    return 0


def print_report(r: dict[str, Any]) -> None:
    p = print
    p(f"\n# presswatch benchmark: {r['pages']} pages ({r['html_bytes'] / 2**20:.1f} MiB of HTML), "
      f"analyzers={','.join(r['analyzers'])}, batch {r['batch_size']}, median of {r['repeat']} runs, "
      f"stages interleaved every {r['chunk']} pages")
    p(f"# command: {r['command']}")
    p(f"# python {r['python']} on {r['platform']}, {r['cpus']} CPUs, load average at start {r['loadavg']}")
    p(f"# {r['documents']} documents ({r['no_text']} pages without article text); "
      f"spaCy parses {r['parsed_docs']} English texts, {r['parsed_chars']:,} chars; "
      f"languages {r['languages']}")
    p("\nloading (excluded from the stages):")
    for k, v in r["load_s"].items():
        p(f"  {k:<40} {v:6.2f} s")
    p(f"  RSS before / after loading: {mib(r['rss_start'])} / {mib(r['rss_after_load'])} MiB")
    p(f"\n{'stage':<13}{'wall s':>8}{'CPU s':>8}{'docs':>6}{'docs/s':>8}  {'wall runs s':<20}{'CPU runs s':<20}"
      f"{'RSS base':>9}{'RSS peak':>9}{'py peak':>8}")
    for s, v in r["stages"].items():
        wr = "/".join(f"{x:.2f}" for x in v["runs_s"])
        cr = "/".join(f"{x:.2f}" for x in v["runs_cpu_s"])
        p(f"{s:<13}{v['median_s']:>8.2f}{v['median_cpu_s']:>8.2f}{v['items']:>6}{v['docs_per_s']:>8.1f}"
          f"  {wr:<20}{cr:<20}{mib(v['rss_base']):>9}{mib(v['rss_peak']):>9}{mib(v['py_peak']):>8}")
    p("  docs: pages extracted (traf*), texts parsed (spacy), documents produced (presswatch, process);")
    p("  docs/s from the wall-clock median. Memory in MiB. RSS: " + r["rss_method"] + "; RSS base = resident size")
    p("  when the stage began (models loaded). py peak: tracemalloc peak of Python-visible allocations,")
    p("  in a separate run of the whole stage.")
    for stage, label in (("presswatch", "presswatch overhead"), ("process", "process() overhead")):
        o = r.get(f"overhead_{stage}")
        if not o:
            continue
        p(f"\n{label} = (t({stage}) - t(traf) - t(spacy)) / (t(traf) + t(spacy)), median over runs:")
        for key in ("cpu", "wall"):
            x = o[key]
            verdict = "OK" if x["median_ratio"] < o["target"] else "ABOVE TARGET"
            p(f"  {key:<4} {x['median_ratio']:7.1%}  ({x['median_seconds']:+.2f} s; runs "
              f"{', '.join(f'{v:.1%}' for v in x['per_run_ratio'])})  [target < {o['target']:.0%}: {verdict}]")
    c = r.get("cold")
    if c:
        p(f"\ncold start (fresh subprocess, median of {c['runs']}; wall, and CPU user+sys):")
        hs = c["help_s"]
        p(f"  {c['help_cmd']:<32} " + (f"{hs:.3f} s wall, {c['help_cpu_s']:.3f} s CPU  [target < {HELP_TARGET_S} s: "
                                        f"{'OK' if hs < HELP_TARGET_S else 'ABOVE TARGET'}]"
                                        if hs is not None else f"FAILED: {c['help_error']}"))
        p(f"  {IMPORT_CMD:<32} " + (f"{c['import_s']:.3f} s wall, {c['import_cpu_s']:.3f} s CPU"
                                    if c["import_s"] is not None else f"FAILED: {c['import_error']}"))
        p(f"  {'python -c pass':<32} {c['python_s']:.3f} s wall, {c['python_cpu_s']:.3f} s CPU")
        for key, label in (("import_presswatch", "import presswatch"),
                           ("import_cli", "import presswatch, presswatch.cli"),
                           ("import_pipeline", "import presswatch.pipeline")):
            v = c[key]
            if "error" in v:
                p(f"  {label:<36} -> error: {v['error']}")
            else:
                p(f"  {label:<36} -> {v['n_modules']} modules; heavy: {v['heavy'] or 'none'}")
        if c.get("cli_importtime_top"):
            p("  slowest imports under presswatch.cli (cumulative): "
              + ", ".join(f"{n} {t * 1000:.0f} ms" for n, t in c["cli_importtime_top"]))


if __name__ == "__main__":
    raise SystemExit(main())
