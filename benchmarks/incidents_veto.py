"""What the incident detector's veto drops on ordinary English web pages (incidents 1.4).

    python benchmarks/incidents_veto.py [--pages ../shared/data/extraction/trafilatura-eval/html] [--limit 150]

Reads the first ``--limit`` English pages of the extraction set (general web pages: blogs, tech, sport, politics;
their text is never trained on), runs places, sourcing and incidents on each twice, with the shipped detector and
without it (``PRESSWATCH_INCIDENT_DETECTOR`` pointing nowhere), and prints how many incidents each run finds and the
sentences of the incidents only the run without the detector finds (the ones the veto dropped), with the
detector's probability, so that a reader can judge them. No figure here is a score: the pages have no incident
labels.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyzers import DEFAULT_PAGES, english_documents, fresh  # noqa: E402


def incidents(docs: list, detector: bool) -> Counter:
    from presswatch.analyzers.incidents import model
    from presswatch.pipeline import analyze_documents

    if detector:
        os.environ.pop("PRESSWATCH_INCIDENT_DETECTOR", None)
    else:
        os.environ["PRESSWATCH_INCIDENT_DETECTOR"] = str(Path(__file__).parent / "no-such-model")
    model._detector_path.cache_clear()
    found: Counter = Counter()
    for d in analyze_documents(fresh(docs), analyzers=["places", "sourcing", "incidents"], batch_size=8):
        for s in d.spans_by("incidents"):
            found[(s.attrs["type"], s.attrs["trigger"]["text"], d.text[s.start : s.end])] += 1
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    ap.add_argument("--limit", type=int, default=150)
    a = ap.parse_args(argv)
    from presswatch.analyzers.incidents.analyzer import _classify
    from presswatch.analyzers.incidents.model import detector, incident_probability

    docs = english_documents(a.pages, a.limit)
    with_veto = incidents(docs, True)
    det = detector()
    _classify.cache_clear()
    without = incidents(docs, False)
    dropped = without - with_veto
    print(f"{len(docs)} English pages: {sum(without.values())} incidents without the detector, "
          f"{sum(with_veto.values())} with it; {sum(dropped.values())} dropped by the veto:")
    for (kind, trigger, text), n in sorted(dropped.items()):
        p = incident_probability(det, text) if det is not None else float("nan")
        print(f"  {p:.2f} {kind:<24} [{trigger}] {' '.join(text.split())[:160]}" + (f" (x{n})" if n > 1 else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
