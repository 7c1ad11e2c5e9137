"""Evaluate whose sources: the affiliation of the SOURCE spans of a scenario against its truth file.

``presswatch eval actors [--data SCENARIO_DIR] [--json]``

The scenario's English documents (default: the one shipped in ``presswatch/scenario``) are read as ``ingest``
reads them, with their source names, and analysed by the sourcing analyzer; the affiliation of each SOURCE span
comes from the shipped actors registry extended by the scenario's own ``actors.yaml`` (its invented outlets),
when it has one. Each entry of the truth's ``source_affiliations`` (file, start, text, affiliation) is matched to
the SOURCE span that overlaps it; the figures are:

- **accuracy**: the share of matched entries whose affiliation is the truth's (``unknown`` is a label like the
  others: a private person the registry does not know is rightly ``unknown``);
- **known**: accuracy over the entries whose truth is not ``unknown`` (how often a side is recognised), and
  **precision**: the share of spans given an affiliation other than ``unknown`` that have the right one;
- **found**: how many truth entries a SOURCE span covers at all (the sourcing analyzer's part, not scored).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from presswatch.comparison.scenario import SCENARIO

UNKNOWN = "unknown"


def evaluate(root: Path = SCENARIO) -> dict[str, Any]:
    from presswatch.actors.registry import load_registry
    from presswatch.analyzers.sourcing.affiliation import affiliate
    from presswatch.comparison.scenario import load_truth, scenario_documents
    from presswatch.errors import DataMissingError
    from presswatch.pipeline import analyze_documents

    truth = load_truth(root)
    entries = truth.get("source_affiliations")
    if not entries:
        raise DataMissingError(f"{root / 'truth.yaml'}: no source_affiliations: to score (see docs/actors.md)")
    user = root / "actors.yaml"
    registry = load_registry(*([user] if user.is_file() else []))
    pairs = scenario_documents(root, truth)
    docs = {}
    for (file, _), doc in zip(pairs, analyze_documents((d for _, d in pairs), analyzers=["sourcing"]), strict=True):
        sources = [s for s in doc.spans_by("sourcing") if s.label == "SOURCE"]
        affiliate(sources, doc, registry)  # with the scenario's registry, whatever PRESSWATCH_ACTORS says
        docs[file] = (doc, sources)
    rows = []
    for e in entries:
        doc, sources = docs[e["file"]]
        a, b = int(e["start"]), int(e["start"]) + len(e["text"])
        if doc.text[a:b] != e["text"]:
            raise DataMissingError(f"{root / 'truth.yaml'}: {e['file']}:{a}: the text is not {e['text']!r}")
        hit = next((s for s in sources if s.start < b and a < s.end), None)
        rows.append(
            {
                "file": e["file"],
                "start": a,
                "text": e["text"],
                "truth": e["affiliation"],
                "predicted": hit.attrs.get("affiliation", UNKNOWN) if hit is not None else None,
                "actor": hit.attrs.get("actor") if hit is not None else None,
            }
        )
    found = [r for r in rows if r["predicted"] is not None]
    right = [r for r in found if r["predicted"] == r["truth"]]
    known = [r for r in found if r["truth"] != UNKNOWN]
    claimed = [r for r in found if r["predicted"] != UNKNOWN]
    confusion = Counter(f"{r['truth']} -> {r['predicted']}" for r in found)

    def share(n: int, d: int) -> float:
        return round(n / d, 4) if d else 0.0

    return {
        "scenario": root.name,
        "registry_files": [Path(f).name for f in registry.files],
        "entries": len(rows),
        "found": len(found),
        "accuracy": share(len(right), len(found)),
        "correct": len(right),
        "known": {
            "entries": len(known),
            "accuracy": share(sum(r["predicted"] == r["truth"] for r in known), len(known)),
        },
        "precision": {
            "claimed": len(claimed),
            "precision": share(sum(r["predicted"] == r["truth"] for r in claimed), len(claimed)),
        },
        "confusion": dict(sorted(confusion.items(), key=lambda kv: (-kv[1], kv[0]))),
        "errors": [r for r in found if r["predicted"] != r["truth"]],
    }


def run(*, data: Path | None = None, as_json: bool = False) -> int:
    """``presswatch eval actors``: score the affiliations of the sources of the scenario in ``data``."""
    r = evaluate(data or SCENARIO)
    if as_json:
        print(json.dumps(r, indent=1, ensure_ascii=False))
        return 0
    print(
        f"{r['scenario']}: {r['entries']} sources in the truth, {r['found']} found by the sourcing analyzer; "
        f"registry: {', '.join(r['registry_files'])}"
    )
    print(f"affiliation accuracy {r['accuracy']:.3f} ({r['correct']} of {r['found']})")
    print(
        f"  on sources with a known side: {r['known']['accuracy']:.3f} of {r['known']['entries']}; precision of "
        f"the affiliations given: {r['precision']['precision']:.3f} of {r['precision']['claimed']}"
    )
    for e in r["errors"]:
        print(f"  {e['file']}:{e['start']} {e['text'][:60]!r}: {e['predicted']} (truth {e['truth']})")
    return 0
