"""Speed of the places analyzer against spaCy's parse of the same texts, and its scaling with mentions.

Two measurements, in one process, after warming up (the gazetteer and the spaCy model are loaded first;
their load time is reported apart):

1. ``throughput``: documents per second of the places analyzer alone (recognition + resolution, given the
   parse) and of ``get_nlp("en").pipe`` over the same texts, and their ratio. Texts: with ``--data DIR``
   (the shared ``geo/corpora`` folder) the first ``--limit`` LGL articles, read at run time; otherwise
   news-like paragraphs invented here from templates and gazetteer names.
2. ``scaling``: one text with N place mentions (N = 1,000 and 10,000; "Officials from A, B and C met in D."
   repeated over gazetteer names, with capitalised non-place words in between), timed for the analyzer
   alone. A linear analyzer takes about 10x longer for 10x the mentions; the ratio is printed with the
   per-mention time. A text of capitalised non-place words is timed the same way.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_places.py [--data ../shared/data/geo/corpora] [--limit 200] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

_TEMPLATES = [
    "Officials from {a} met their counterparts in {b} on Tuesday, the ministry said.",
    "The convoy left {a} at dawn and reached {b}, near {c}, by the evening.",
    "Residents of {a} said the road to {b} had been closed since March.",
    "A spokesman in {a} denied reports from {b} about shelling near {c}.",
    "Prices rose in {a} and {b}, the statistics office said in its monthly report.",
]
_FILLERS = ["Minister", "Council", "Report", "Committee", "Officer", "Director", "Monday", "Agency", "Senator",
            "Chairman", "Summit", "Bureau", "Union", "Assembly", "Press", "Court"]


def _names(n: int, seed: int = 7) -> list[str]:
    """``n`` ASCII names of populous gazetteer places (cities, admin-1 units, countries)."""
    from presswatch.gazetteer import get_gazetteer

    gaz = get_gazetteer(progress=False)
    pool = [gaz.canon[i] for i in range(len(gaz)) if gaz.population[i] >= 50_000 and gaz.canon[i].isascii()
            and gaz.canon[i][:1].isupper()]
    rnd = random.Random(seed)
    return [rnd.choice(pool) for _ in range(n)]


def invented_texts(n_docs: int, sentences: int = 12, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    names = _names(n_docs * sentences * 3, seed)
    out, k = [], 0
    for _ in range(n_docs):
        parts = []
        for _ in range(sentences):
            parts.append(rnd.choice(_TEMPLATES).format(a=names[k], b=names[k + 1], c=names[k + 2]))
            k += 3
        out.append(" ".join(parts))
    return out


def mention_text(n_mentions: int, seed: int = 3) -> str:
    """A text naming ``n_mentions`` places, four per sentence, with capitalised non-places between."""
    rnd = random.Random(seed)
    names = _names(n_mentions, seed)
    parts = []
    for j in range(0, n_mentions, 4):
        a, b, c, d = (names[j:j + 4] + names[:4])[:4]
        parts.append(f"The {rnd.choice(_FILLERS)} from {a}, {b} and {c} met in {d}.")
    return " ".join(parts)


def capitalised_text(n_words: int, seed: int = 5) -> str:
    rnd = random.Random(seed)
    words = [rnd.choice(_FILLERS) for _ in range(n_words)]
    return " ".join(" ".join(words[j:j + 8]) + "." for j in range(0, n_words, 8))


def _time_places(texts: list[str], repeat: int) -> tuple[float, float, int]:
    """(median seconds of the places analyzer over ``texts``, seconds of spaCy's parse, mentions found)."""
    from presswatch.analyzers import Resources
    from presswatch.analyzers.places import PlacesAnalyzer
    from presswatch.model import Document
    from presswatch.nlp.pipelines import get_nlp

    nlp = get_nlp("en")
    docs = [Document(t, id=f"bench-{n}", language="en") for n, t in enumerate(texts)]
    t0 = time.perf_counter()
    parses = list(nlp.pipe(texts, batch_size=16))
    t_parse = time.perf_counter() - t0
    res = Resources()
    for d, p in zip(docs, parses, strict=True):
        res._parses[d.id] = p
    an = PlacesAnalyzer()
    times, found = [], 0
    for _ in range(repeat):
        t1 = time.perf_counter()
        found = sum(len(an.annotate(d, res)) for d in docs)
        times.append(time.perf_counter() - t1)
    return statistics.median(times), t_parse, found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="geo/corpora folder: time LGL articles")
    ap.add_argument("--limit", type=int, default=200, help="documents for the throughput test")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = ap.parse_args(argv)

    from presswatch.analyzers.places import PlacesAnalyzer
    from presswatch.gazetteer import get_gazetteer
    from presswatch.nlp.pipelines import get_nlp

    t0 = time.perf_counter()
    get_gazetteer(progress=False)
    t_gaz = time.perf_counter() - t0
    t0 = time.perf_counter()
    nlp = get_nlp("en")
    t_nlp = time.perf_counter() - t0
    nlp.max_length = max(nlp.max_length, 2_000_000)
    PlacesAnalyzer().weights_pass1  # noqa: B018 - load the weights before timing

    if args.data is not None:
        from presswatch.corpora.geo import read_corpus

        texts = [a.text for a in read_corpus("lgl", args.data)[: args.limit]]
        source = f"LGL, first {len(texts)} articles"
    else:
        texts = invented_texts(args.limit)
        source = f"{len(texts)} invented news paragraphs"
    _time_places(texts[:5], 1)  # warm-up
    t_pl, t_parse, found = _time_places(texts, args.repeat)
    out: dict[str, object] = {
        "load_s": {"gazetteer": round(t_gaz, 3), "spacy_model": round(t_nlp, 3)},
        "throughput": {"texts": source, "chars": sum(map(len, texts)), "spans": found,
                       "places_docs_per_s": round(len(texts) / t_pl, 1),
                       "spacy_docs_per_s": round(len(texts) / t_parse, 1),
                       "places_time_over_spacy": round(t_pl / t_parse, 4)},
    }
    scaling = {}
    for n in (1_000, 10_000):
        t, tp, found = _time_places([mention_text(n)], args.repeat)
        scaling[n] = {"seconds": round(t, 4), "spacy_seconds": round(tp, 3), "spans": found,
                      "us_per_mention": round(t / n * 1e6, 1)}
    ratio = scaling[10_000]["seconds"] / max(1e-9, scaling[1_000]["seconds"])
    t_cap, _, found_cap = _time_places([capitalised_text(40_000)], args.repeat)
    out["scaling"] = {"mentions": {str(k): v for k, v in scaling.items()},
                      "time_10k_over_1k": round(ratio, 2),
                      "capitalised_non_places_40k_words": {"seconds": round(t_cap, 4), "spans": found_cap}}
    print(json.dumps(out, indent=1))
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    if ratio > 20:
        print(f"time grows faster than the mentions: x{ratio:.1f} for 10x", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
