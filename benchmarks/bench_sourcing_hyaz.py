"""Sourcing in Azerbaijani and Armenian on the invented sets ``benchmarks/data/hyaz/sourcing-{az,hy}.tsv``.

Each row is one sentence with at most one attribution: its cue type (``direct``, ``indirect``, ``according_to``,
``passive``, or ``none`` for a sentence that attributes nothing), the source as written (empty for a passive cue)
and the source's kind. The ``sourcing`` analyzer runs on each sentence alone (a document in the row's language).

* **attribution**: P/R/F1 over sentences: a sentence with an attribution found (a CUE span) counts as found;
* **cue type accuracy**: among the gold attributions found, the share whose CUE's type is the gold one (any of the
  sentence's cues);
* **source**: among the gold sources, the share that a predicted SOURCE span overlaps (``overlap``) and the share
  it equals (``exact``);
* **source kind accuracy**: among the overlapped sources, the share with the gold kind.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_sourcing_hyaz.py [--lang az,hy] [--errors] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "hyaz"


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def _share(k: int, n: int) -> dict[str, float | int]:
    return {"value": round(k / n, 3) if n else 0.0, "k": k, "n": n}


def score(rows: list[dict[str, str]], errors: bool = False) -> dict[str, Any]:
    from presswatch.analyzers import Resources, run
    from presswatch.model import Document

    tp = fp = fn = 0
    cue_ok = cue_n = src_overlap = src_exact = src_n = kind_ok = kind_n = 0
    wrong: list[str] = []
    for row in rows:
        text = row["text"]
        doc = Document(text=text, language=row["language"])
        run(["sourcing"], doc, Resources())
        spans = doc.spans_by("sourcing")
        cues = [s for s in spans if s.label == "CUE"]
        sources = [s for s in spans if s.label == "SOURCE"]
        gold = row["cue_type"] != "none"
        if gold and cues:
            tp += 1
            cue_n += 1
            if any(s.attrs.get("type") == row["cue_type"] for s in cues):
                cue_ok += 1
            elif errors:
                wrong.append(f"cue {row['cue_type']} -> {[s.attrs.get('type') for s in cues]}: {text}")
        elif gold:
            fn += 1
            if errors:
                wrong.append(f"missed: {text}")
        elif cues:
            fp += 1
            if errors:
                wrong.append(f"false attribution {[text[s.start:s.end] for s in cues]}: {text}")
        if row["source"]:
            src_n += 1
            a = text.index(row["source"])
            b = a + len(row["source"])
            hit = [s for s in sources if s.start < b and a < s.end]
            if hit:
                src_overlap += 1
                src_exact += any(s.start == a and s.end == b for s in hit)
                kind_n += 1
                if any(s.attrs.get("kind") == row["source_kind"] for s in hit):
                    kind_ok += 1
                elif errors:
                    wrong.append(f"kind {row['source_kind']} -> {[s.attrs.get('kind') for s in hit]}: {text}")
            elif errors:
                wrong.append(f"source {row['source']!r} -> {[text[s.start:s.end] for s in sources]}: {text}")
    out: dict[str, Any] = {
        "sentences": len(rows),
        "attribution": _prf(tp, fp, fn),
        "cue_type_accuracy": _share(cue_ok, cue_n),
        "source_overlap": _share(src_overlap, src_n),
        "source_exact": _share(src_exact, src_n),
        "source_kind_accuracy": _share(kind_ok, kind_n),
    }
    if errors:
        out["errors"] = wrong
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="az,hy")
    ap.add_argument("--errors", action="store_true", help="list every miss")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    res = {}
    for lang in args.lang.split(","):
        with (DATA / f"sourcing-{lang}.tsv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        r = res[lang] = score(rows, args.errors)
        a = r["attribution"]
        print(
            f"{lang}: {r['sentences']} sentences; attribution P {a['p']:.3f} R {a['r']:.3f} F1 {a['f1']:.3f}; "
            f"cue type {r['cue_type_accuracy']['value']:.3f} ({r['cue_type_accuracy']['k']}/"
            f"{r['cue_type_accuracy']['n']}); source overlap {r['source_overlap']['value']:.3f}, exact "
            f"{r['source_exact']['value']:.3f} (of {r['source_overlap']['n']}); kind "
            f"{r['source_kind_accuracy']['value']:.3f} ({r['source_kind_accuracy']['k']}/"
            f"{r['source_kind_accuracy']['n']})"
        )
        for e in r.get("errors", []):
            print("   ", e)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
