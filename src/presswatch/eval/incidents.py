"""Evaluate incident typing: the ACLED sub-event type of short incident sentences.

``presswatch eval incidents [--split dev|test] [--data FILE.tsv] [--json]``

The sentence sets ship with presswatch (``scenario/incident-types-{dev,test}.tsv``): sentences written by
the project, 6 per ACLED sub-event type in each split plus peacekeeping situations (aid, patrols,
checkpoints, demining), each labelled with its ACLED event and sub-event type (see the scenario README).
Measures as in CASE 2021 Task 2 (fine-grained event classification): accuracy, micro-, macro- and
weighted F1 over sub-event types, a sentence with no incident found counting as a wrong answer; the share
of sentences in which an incident was found at all; and accuracy of the six ACLED event types.
Report dev while developing; score test once. A TSV given with ``--data`` may have a ``language`` column (``az``,
``hy``, ``ru``; English when absent) and rows whose gold is ``(no incident)``. Where the split has sentences written
to report no incident (``scenario/incident-none-<split>.tsv``), the share of them in which an incident is found is
reported beside (``no_incident``): the false incidents the word lists, and the incident detector's veto of their
ambiguous triggers, leave.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from presswatch.errors import DataMissingError
from presswatch.learn.metrics import prf

SCENARIO = Path(__file__).resolve().parent.parent / "scenario"
NONE = "(no incident)"


def read_sentences(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r.get("text")]


READS = ["places", "sourcing", "incidents"]  # what the analyzer reads in the pipeline: places and attributions


@lru_cache(maxsize=1)
def _resources() -> Any:
    from presswatch.analyzers import Resources

    return Resources()


def predict(text: str, language: str = "en") -> tuple[str, str]:
    """(ACLED event type, ACLED sub-event type) of the first incident found in ``text`` (read as ``language``), with
    the places and sourcing analyzers run first as in the pipeline (an ambiguous word needs a place, a date, a count
    or an actor around it); NONE when none."""
    from presswatch.analyzers import run
    from presswatch.model import Document

    doc = Document(text=text, language=language, published="2023-06-15")
    run(READS, doc, _resources())
    spans = doc.spans_by("incidents")
    if not spans:
        return NONE, NONE
    a = spans[0].attrs
    return a["acled_event_type"], a["acled_sub_event_type"]


def f1_scores(gold: list[str], pred: list[str]) -> dict[str, Any]:
    """Micro-, macro- and weighted F1 over the gold labels (sklearn's definitions; a prediction outside the
    gold label set counts as a false negative of its gold label only)."""
    labels = sorted(set(gold))
    per: dict[str, dict[str, float]] = {}
    tp_all = fp_all = fn_all = 0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec, rec, f = prf(tp, fp, fn)
        per[lab] = {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f, 3), "support": tp + fn}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    n = sum(v["support"] for v in per.values())
    return {
        "micro_f1": round(prf(tp_all, fp_all, fn_all)[2], 4),
        "macro_f1": round(sum(v["f1"] for v in per.values()) / len(per), 4) if per else 0.0,
        "weighted_f1": round(sum(v["f1"] * v["support"] for v in per.values()) / n, 4) if n else 0.0,
        "per_label": per,
    }


def evaluate(rows: list[dict[str, str]]) -> dict[str, Any]:
    gold_sub = [r["acled_sub_event_type"] for r in rows]
    gold_ev = [r["acled_event_type"] for r in rows]
    preds = [predict(r["text"], r.get("language") or "en") for r in rows]  # an optional language column
    pred_ev = [p[0] for p in preds]
    pred_sub = [p[1] for p in preds]
    n = len(rows)
    confusions = Counter((g, p) for g, p in zip(gold_sub, pred_sub, strict=True) if g != p)
    return {
        "sentences": n,
        "found": round(sum(p != NONE for p in pred_sub) / n, 4) if n else 0.0,
        "accuracy": round(sum(g == p for g, p in zip(gold_sub, pred_sub, strict=True)) / n, 4) if n else 0.0,
        "event_type_accuracy": round(sum(g == p for g, p in zip(gold_ev, pred_ev, strict=True)) / n, 4) if n else 0.0,
        **f1_scores(gold_sub, pred_sub),
        "most_confused": [{"gold": g, "predicted": p, "count": c} for (g, p), c in confusions.most_common(12)],
    }


def run(*, split: str = "dev", data: Path | None = None, as_json: bool = False) -> int:
    """``presswatch eval incidents``: score the shipped sentence set ``split`` (dev or test), or the TSV ``data``,
    and print the figures."""
    path = data or SCENARIO / f"incident-types-{split}.tsv"
    if not path.is_file():
        raise DataMissingError(f"{path}: no such file; pass --data (a TSV of incident sentences)")
    r = evaluate(read_sentences(path))
    r["data"] = path.name
    none_path = SCENARIO / f"incident-none-{split}.tsv" if data is None else None
    if none_path is not None and none_path.is_file():  # sentences that report no incident: how many get one
        quiet = read_sentences(none_path)
        taken = [x for x in quiet if predict(x["text"], x.get("language") or "en")[1] != NONE]
        r["no_incident"] = {"data": none_path.name, "sentences": len(quiet),
                            "false_incidents": round(len(taken) / len(quiet), 4) if quiet else 0.0,
                            "taken": [x["text"] for x in taken]}
    if as_json:
        print(json.dumps(r, indent=1, ensure_ascii=False))
        return 0
    print(f"{path.name}: {r['sentences']} sentences; an incident found in {r['found']:.1%}")
    print(
        f"ACLED sub-event type: accuracy {r['accuracy']:.3f}, micro-F1 {r['micro_f1']:.3f}, "
        f"macro-F1 {r['macro_f1']:.3f}, weighted F1 {r['weighted_f1']:.3f}"
    )
    print(f"ACLED event type: accuracy {r['event_type_accuracy']:.3f}")
    if "no_incident" in r:
        q = r["no_incident"]
        print(f"{q['data']}: {q['sentences']} sentences reporting no incident; an incident found in "
              f"{q['false_incidents']:.1%}")
    print(f"{'sub-event type':<38} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for lab, v in sorted(r["per_label"].items()):
        print(f"{lab:<38} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:4d}")
    if r["most_confused"]:
        print(
            "most confused: " + "; ".join(f"{c['gold']} -> {c['predicted']} ×{c['count']}" for c in r["most_confused"])
        )
    return 0
