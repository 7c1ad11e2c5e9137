"""How often the incident finder's two models agree on sentences without a trigger word (incidents 1.5).

    python benchmarks/incident_finder.py [--models models/incident-types] [--pages DIR] [--limit 300]

For each pair of thresholds (the detector's probability of an incident, the type classifier's probability of its
best sub-event type other than ``Other``) it prints, among the sentences in which the word lists find no trigger,
how many the finder would call incidents and how many of those have the right ACLED sub-event type, on
``incident-types-dev3.tsv`` and ``incident-types-dev.tsv`` (incident sentences), ``incident-none-dev.tsv``
(sentences reporting none) and the sentences of the first ``--limit`` English pages of the extraction set
(ordinary web pages: blogs, tech, sport, politics; no incident labels, and nearly none reports an incident: every
sentence the finder takes there is printed for a reader to judge). The shipped thresholds (0.8, 0.5) were chosen
on these figures.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyzers import DEFAULT_PAGES, english_documents  # noqa: E402

GRID = [(0.7, 0.4), (0.8, 0.4), (0.8, 0.5), (0.8, 0.6), (0.9, 0.4), (0.9, 0.5)]
SETS = ("incident-types-dev3.tsv", "incident-types-dev.tsv", "incident-none-dev.tsv")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", type=Path, default=Path("models/incident-types"))
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    ap.add_argument("--limit", type=int, default=300)
    a = ap.parse_args(argv)
    from presswatch.analyzers.incidents.analyzer import classify, lexicon
    from presswatch.analyzers.incidents.model import TypeModel, incident_probability
    from presswatch.eval.incidents import SCENARIO
    from presswatch.nlp.sentences import split_sentences

    lex = lexicon("en")
    det = TypeModel.load(a.models / "incident_detector.npz")
    types = TypeModel.load(a.models / "incident_types.npz")
    sets: dict[str, list[tuple[str, str]]] = {}
    for name in SETS:
        with (SCENARIO / name).open(encoding="utf-8", newline="") as fh:
            sets[name] = [(r["text"], r.get("acled_sub_event_type") or "(none)")
                          for r in csv.DictReader(fh, delimiter="\t") if r.get("text")]
    web = []
    for d in english_documents(a.pages, a.limit):
        for x, y in split_sentences(d.text):
            s = " ".join(d.text[x:y].split())
            if len(s) > 25:
                web.append((s, "(none)"))
    sets[f"web pages ({a.limit})"] = web
    for name, rows in sets.items():
        read = []
        for s, gold in rows:
            if classify(s, lex)[0] is not None:
                continue
            proba = types.proba(s)
            top = max(proba, key=lambda k: proba[k])
            read.append((incident_probability(det, s), top, proba[top], gold, s))
        cells = []
        for find, sure in GRID:
            fired = [r for r in read if r[0] >= find and r[1] != "Other" and r[2] >= sure]
            cells.append(f"{find}/{sure}: {len(fired)} ({sum(r[1] == r[3] for r in fired)} right)")
        print(f"{name}: {len(rows)} sentences, {len(read)} without a trigger word | " + "; ".join(cells))
        if name.startswith("web"):
            for p, top, q, _, s in sorted(read, reverse=True):
                if p >= 0.7 and top != "Other" and q >= 0.4:
                    print(f"    {p:.2f} {top} {q:.2f} | {s[:120]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
