"""Incident linking and the incidents analyzer: how their cost grows, as ratios measured in one process.

    .venv/bin/python benchmarks/bench_incidents.py [--small 10000] [--coverage-small 2000] [--factor 10] [--days 365]
        [--repeat 3] [--constant-density] [--no-analyzer] [--json F]

1. **Linking growth**: the in-memory streaming linker (:class:`presswatch.comparison.linking.Linker`, blocked by day
   window × place cell) over ``small`` and ``small × factor`` generated incident reports spread over the same
   ``days`` (so ten times the reports means ten times as many per day: the hard case for blocking; with
   ``--constant-density`` the larger set spans ``factor`` times the days instead, as a longer archive). Reports:
   20 incident types, 2,000 places in a 10° × 10° region, 1 to 4 reports per incident, a tenth of them without
   a place; word-overlap similarity (no embeddings, so that the figure is the linker's own). Target: the time
   grows at most 15× for 10× the reports. The number of candidate reports compared per report is given too.
2. **Analyzer share**: the incidents analyzer's time on the scenario documents (places and sourcing spans made
   beforehand) as a share of the spaCy parse of the same texts, both timed here. Target ≤ 20 %.
3. **Comparison growth**: the coverage step of ``presswatch compare`` (who reported each incident, who did not,
   ``maybe_reported`` for a source that told something of its kind there and then) over the incidents the
   linker made of ``coverage_small`` and ``coverage_small × factor`` generated reports (their sources are 50
   invented outlets), timed alone. Its output grows faster than the reports over the same days (more outlets
   publish on each day, so more of them are silent about each incident); the growth of the not-reported cells it
   asserts is printed beside the time. Target: as for linking, at most 15× for 10× the reports (with
   ``--constant-density``, where the output grows ×10).
4. **Stance share**: the stance step (the denial-cue search ``_refutation`` and the attribution of each report,
   ``IncidentsAnalyzer._attribute``, which together decide ``asserts`` / ``reports_claim`` / ``denies`` /
   ``reports_denial``) as a share of the whole default pipeline on the same documents, each call of the two timed
   by a wrapper inside the pipeline's own run.

Medians of ``repeat`` runs; every run's figure is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date

from presswatch.analyzers.incidents.taxonomy import TYPES
from presswatch.comparison.linking import Linker, Report

WORDS = [
    "shooting",
    "reported",
    "near",
    "the",
    "village",
    "soldiers",
    "wounded",
    "convoy",
    "trucks",
    "flour",
    "delivered",
    "border",
    "guards",
    "detained",
    "drone",
    "struck",
    "position",
    "shelling",
    "outskirts",
    "protest",
    "square",
    "mines",
    "cleared",
    "road",
    "closed",
    "checkpoint",
]


def generate(n: int, days: int, seed: int = 7) -> list[Report]:
    rng = random.Random(seed)
    types = sorted(TYPES)
    places = [
        {
            "place_id": f"p{i}",
            "lat": 35 + rng.random() * 10,
            "lon": 40 + rng.random() * 10,
            "name_used": f"Place {i}",
            "feature": "PPL",
            "cue": "locative",
        }
        for i in range(2000)
    ]
    start = date(2023, 1, 1).toordinal()
    out: list[Report] = []
    k = 0
    while len(out) < n:
        kind, place, day = rng.choice(types), rng.choice(places), start + rng.randrange(days)
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        for _ in range(rng.randint(1, 4)):
            if len(out) >= n:
                break
            here = [] if rng.random() < 0.1 else [place]
            gap = rng.choice((0, 0, 0, 1))
            out.append(
                Report(
                    f"d{k}",
                    0,
                    80,
                    kind,
                    day + gap,
                    "document" if gap else "relative",
                    here,
                    {},
                    "asserts",
                    f"s{rng.randrange(50)}",
                    words,
                )
            )
            k += 1
    rng.shuffle(out)
    return out


def time_linking(reports: list[Report]) -> tuple[float, int, int]:
    for r in reports:
        r.incident_id = None
    linker = Linker()
    t0 = time.process_time()
    linker.add_all(reports)
    return time.process_time() - t0, linker.compared, len(linker.incidents)


def as_incidents(linker: Linker) -> tuple[list[dict[str, object]], list[dict[str, object]], dict[str, list[Report]]]:
    """The linker's incidents in the shape :func:`presswatch.comparison.coverage.compare` hands its coverage step:
    incident records with their reports, the documents (one per report, published on the incident's day or the
    day after) and each incident's linked reports."""
    incidents, docs = [], []
    for iid, reps in linker.incidents.items():
        days = [r.day for r in reps if r.day is not None]
        day = date.fromordinal(min(days)).isoformat() if days else None
        places = {p["place_id"]: p for r in reps for p in r.places}
        incidents.append({
            "id": iid,
            "type": reps[0].type,
            "date": day,
            "places": [{"place_id": k, "place": v["name_used"]} for k, v in places.items()],
            "located": bool(places),
            "reports": [{
                "document_id": r.document_id,
                "source": r.source,
                "stance": r.stance,
                "counts": r.counts,
                "date": date.fromordinal(r.day).isoformat() if r.day is not None else None,
                "date_from": r.date_from,
            } for r in reps],
        })
        for r in reps:
            pub = (r.day or 0) + (0 if r.date_from == "relative" else 1)
            docs.append({"id": r.document_id, "source": r.source, "published": date.fromordinal(pub).isoformat()})
    return incidents, docs, dict(linker.incidents)


def time_coverage(reports: list[Report]) -> tuple[float, int, int]:
    from presswatch.comparison.coverage import _coverage

    for r in reports:
        r.incident_id = None
    linker = Linker()
    linker.add_all(reports)
    incidents, docs, accounts = as_incidents(linker)
    sources = sorted({str(d["source"]) for d in docs})
    t0 = time.process_time()
    cov, omissions = _coverage(incidents, docs, sources, accounts)
    spent = time.process_time() - t0
    maybe = sum(c["status"] == "maybe_reported" for cells in cov.values() for c in cells.values())
    return spent, len(omissions), maybe


def analyzer_share(repeat: int) -> dict[str, object]:
    from presswatch.analyzers import Resources, get, run
    from presswatch.analyzers.incidents.analyzer import _classify
    from presswatch.analyzers.incidents.model import feature_ids
    from presswatch.comparison.scenario import scenario_documents
    from presswatch.nlp.pipelines import get_nlp

    docs = [d for _, d in scenario_documents()]
    res = Resources()
    for d in docs:
        run(["places", "sourcing"], d, res)
    nlp = get_nlp("en")
    texts = [d.text for d in docs]
    list(nlp.pipe(texts[:4]))  # warm up
    inc = get("incidents")
    inc.annotate(docs[0], res)
    parse, mine = [], []
    for _ in range(repeat):
        t0 = time.process_time()
        list(nlp.pipe(texts, batch_size=16))
        parse.append(time.process_time() - t0)
        _classify.cache_clear()  # each run reads the sentences afresh (the analyzer remembers its last answers)
        feature_ids.cache_clear()  # and the models' hashed features of them
        t0 = time.process_time()
        for d in docs:
            inc.annotate(d, res)
        mine.append(time.process_time() - t0)
    share = statistics.median(m / p for m, p in zip(mine, parse, strict=True))
    return {
        "documents": len(docs),
        "spacy_parse_s": [round(x, 3) for x in parse],
        "incidents_s": [round(x, 3) for x in mine],
        "share": round(share, 4),
    }


def stance_share(repeat: int) -> dict[str, object]:
    from presswatch.analyzers.incidents import analyzer as inc_mod
    from presswatch.comparison.scenario import scenario_documents
    from presswatch.pipeline import analyze_documents

    spent = [0]

    def timed(fn):  # type: ignore[no-untyped-def]
        def wrapper(*a, **k):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter_ns()
            try:
                return fn(*a, **k)
            finally:
                spent[0] += time.perf_counter_ns() - t0

        return wrapper

    refutation, attribute = inc_mod._refutation, inc_mod.IncidentsAnalyzer._attribute
    inc_mod._refutation = timed(refutation)
    inc_mod.IncidentsAnalyzer._attribute = staticmethod(timed(attribute))
    try:
        list(analyze_documents([d for _, d in scenario_documents()][:4]))  # load the models
        totals, stance = [], []
        for _ in range(repeat):
            docs = [d for _, d in scenario_documents()]
            spent[0] = 0
            t0 = time.perf_counter_ns()
            list(analyze_documents(docs))
            totals.append((time.perf_counter_ns() - t0) / 1e9)
            stance.append(spent[0] / 1e9)
    finally:
        inc_mod._refutation = refutation
        inc_mod.IncidentsAnalyzer._attribute = staticmethod(attribute)
    return {
        "documents": len(docs),
        "pipeline_s": [round(x, 3) for x in totals],
        "stance_s": [round(x, 5) for x in stance],
        "share": round(statistics.median(s / t for s, t in zip(stance, totals, strict=True)), 6),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", type=int, default=10000)
    ap.add_argument("--factor", type=int, default=10)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--coverage-small", type=int, default=2000, help="reports of the smaller set compare covers")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-analyzer", action="store_true", help="skip the analyzer share (no spaCy)")
    ap.add_argument(
        "--constant-density",
        action="store_true",
        help="spread the larger set over factor × days (a longer archive) instead of the same days",
    )
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    args = ap.parse_args()
    small = generate(args.small, args.days)
    large = generate(args.small * args.factor, args.days * (args.factor if args.constant_density else 1))
    runs = []
    for _ in range(args.repeat):  # interleaved, so that load from other processes hits both alike
        ts, cs, ns = time_linking(small)
        tl, cl, nl = time_linking(large)
        runs.append(
            {
                "small_s": round(ts, 3),
                "large_s": round(tl, 3),
                "ratio": round(tl / ts, 2),
                "compared_per_report_small": round(cs / len(small), 1),
                "compared_per_report_large": round(cl / len(large), 1),
                "incidents_small": ns,
                "incidents_large": nl,
            }
        )
    ratio = statistics.median(r["ratio"] for r in runs)
    span = f"{args.days} -> {args.days * args.factor} days" if args.constant_density else f"{args.days} days"
    out: dict[str, object] = {
        "linking": {"reports": [len(small), len(large)], "days": span, "runs": runs, "growth": ratio}
    }
    print(
        f"linking {len(small):,} -> {len(large):,} reports over {span}: time ×{ratio} "
        f"(runs: {', '.join(str(r['ratio']) for r in runs)}; target ≤ 15 for ×10); "
        f"{runs[0]['small_s']} s -> {runs[0]['large_s']} s; candidates per report "
        f"{runs[0]['compared_per_report_small']} -> {runs[0]['compared_per_report_large']}"
    )
    cruns = []
    csmall = generate(args.coverage_small, args.days)
    clarge = generate(args.coverage_small * args.factor, args.days * (args.factor if args.constant_density else 1))
    for _ in range(args.repeat):
        ts, os_, ms = time_coverage(csmall)
        tl, ol, ml = time_coverage(clarge)
        cruns.append({"small_s": round(ts, 3), "large_s": round(tl, 3), "ratio": round(tl / ts, 2),
                      "omissions": [os_, ol], "maybe_reported": [ms, ml]})
    cratio = statistics.median(r["ratio"] for r in cruns)
    grew = round(cruns[0]["omissions"][1] / max(1, cruns[0]["omissions"][0]), 2)
    out["coverage"] = {"reports": [len(csmall), len(clarge)], "days": span, "runs": cruns, "growth": cratio,
                       "omissions_growth": grew}
    print(
        f"compare coverage over the incidents of {len(csmall):,} -> {len(clarge):,} reports over {span}: "
        f"time ×{cratio} (runs: {', '.join(str(r['ratio']) for r in cruns)}; target ≤ 15 for ×10) for ×{grew} "
        f"omissions; {cruns[0]['small_s']} s -> {cruns[0]['large_s']} s; omissions {cruns[0]['omissions']}, "
        f"maybe_reported {cruns[0]['maybe_reported']}"
    )
    if not args.no_analyzer:
        a = analyzer_share(args.repeat)
        out["analyzer"] = a
        print(
            f"incidents analyzer on {a['documents']} scenario documents: {a['share']:.1%} of the spaCy parse "
            f"(parse {a['spacy_parse_s']} s, incidents {a['incidents_s']} s; target ≤ 20 %)"
        )
        st = stance_share(args.repeat)
        out["stance"] = st
        print(
            f"stance step (denial cues + attribution) on {st['documents']} scenario documents: {st['share']:.3%} "
            f"of the default pipeline (pipeline {st['pipeline_s']} s, stance {st['stance_s']} s)"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(out, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
