"""Train the incident detector (``presswatch train incident_detector``): does a sentence report an incident at all?

``presswatch train incident_detector [--data A.tsv,B.tsv] [--negatives N.tsv] [--out models/incident-types]``

The English word lists of the incidents analyzer decide that a sentence reports an incident when it holds one of
their triggers; on sentences written after the lists were (``incident-types-train.tsv``, ``-test.tsv``) they find
none in 10-22 % of incident sentences, mostly sentences whose verbs they do not hold ("turned their guns on each
other", "burned down dozens of houses"). The detector is a second opinion asked only about those sentences: a
logistic regression over the same hashed features as the type classifier
(:func:`presswatch.analyzers.incidents.model.feature_ids`), two classes, ``incident`` and ``none``.

1. Positives: the type classifier's sentences (``incident-types-train.tsv`` and ``-dev2.tsv``); negatives:
   sentences written to report no incident (``incident-none-train.tsv``: analysis, plans, warnings, routine
   bulletin lines, other news, appeals; see ``scenario/README.md``). Never ``incident-types-dev.tsv``,
   ``-test.tsv``, ``incident-none-dev.tsv`` (what ``presswatch eval incidents`` scores) or the scenario weeks.
2. ``folds``-fold cross-validation (stratified) gives every sentence an out-of-fold probability; the threshold is
   the lowest that keeps the out-of-fold share of negatives called incidents at or below ``max_false`` (the
   detector is there for recall, but a false incident is worse for an analyst than a missed one: it becomes a
   report that other sources "omitted").
3. A fit on all sentences is written as ``incident_detector.npz``/``.json`` (int8 weights, as the type classifier)
   with the threshold and the out-of-fold figures, among them the recall on the positives the word lists miss.

Needs scikit-learn (the ``train`` extra); seconds.
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from presswatch.analyzers.incidents.model import DETECTOR_FILE, TypeModel, quantize
from presswatch.eval.incidents import SCENARIO, read_sentences
from presswatch.train.incident_types import DEFAULT_DATA, fit, lexicon_reads

DEFAULT_NEGATIVES = (SCENARIO / "incident-none-train.tsv",)
DEFAULT_OUT = Path("models/incident-types")
HELD_OUT = ("incident-types-dev.tsv", "incident-types-test.tsv", "incident-none-dev.tsv")
VERSION = "0.1.0"
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.5, 0.96, 0.05))


def _rows(paths: list[Path], label: str) -> list[dict[str, str]]:
    bad = [p for p in paths if p.name in HELD_OUT]
    if bad:
        raise ValueError(f"{bad[0].name} is scored by `presswatch eval incidents`: never train on it")
    rows: list[dict[str, str]] = []
    for p in paths:
        rows += [{"text": r["text"], "label": label, "file": p.name} for r in read_sentences(p)
                 if (r.get("language") or "en") == "en"]
    return rows


def out_of_fold(texts: list[str], labels: list[str], *, dim: int, c: float, folds: int, seed: int) -> np.ndarray:
    """Each sentence's probability of ``incident`` from a model fitted on the other folds (stratified)."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(texts), dtype=int)
    for lab in sorted(set(labels)):
        idx = [i for i, g in enumerate(labels) if g == lab]
        rng.shuffle(idx)
        for k, i in enumerate(idx):
            fold[i] = k % folds
    out = np.zeros(len(texts))
    for k in range(folds):
        train = np.flatnonzero(fold != k)
        w, b, names = fit([texts[i] for i in train], [labels[i] for i in train], dim, c, seed)
        m = TypeModel(dim, np.arange(dim), w, np.ones(len(names)), b, names, {})
        for i in np.flatnonzero(fold == k):
            out[i] = m.proba(texts[i])["incident"]
    return out


def figures(p: np.ndarray, labels: list[str], missed: np.ndarray, threshold: float) -> dict[str, Any]:
    """Out-of-fold recall on all positives and on those the word lists miss, and the share of negatives taken."""
    pos = np.array([lab == "incident" for lab in labels])
    taken = p >= threshold
    return {
        "threshold": threshold,
        "recall": round(float(taken[pos].mean()), 4),
        "recall_where_word_lists_miss": round(float(taken[pos & missed].mean()), 4) if (pos & missed).any() else None,
        "word_lists_miss": int((pos & missed).sum()),
        "false_incidents": round(float(taken[~pos].mean()), 4),
    }


def run(
    *,
    data: str = "",
    negatives: str = "",
    out: Path = DEFAULT_OUT,
    dim: int = 2**18,
    c: float = 10.0,
    folds: int = 5,
    seed: int = 13,
    max_false: float = 0.02,
) -> int:
    """``presswatch train incident_detector``: out-of-fold probabilities, the threshold chosen on them, a fit on all."""
    if dim & (dim - 1):
        raise ValueError("--dim must be a power of two")
    pos_paths = [Path(p) for p in data.split(",") if p.strip()] or [p for p in DEFAULT_DATA if p.is_file()]
    neg_paths = [Path(p) for p in negatives.split(",") if p.strip()] or [p for p in DEFAULT_NEGATIVES if p.is_file()]
    rows = _rows(pos_paths, "incident") + _rows(neg_paths, "none")
    if not any(r["label"] == "none" for r in rows) or not any(r["label"] == "incident" for r in rows):
        raise ValueError("the detector needs sentences with an incident and sentences without one")
    t0 = time.perf_counter()
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    p = out_of_fold(texts, labels, dim=dim, c=c, folds=folds, seed=seed)
    missed = np.array([kind is None for kind, _ in lexicon_reads(rows)])
    grid = [figures(p, labels, missed, t) for t in THRESHOLDS]
    ok = [g for g in grid if g["false_incidents"] <= max_false]
    chosen = ok[0] if ok else grid[-1]
    w, b, names = fit(texts, labels, dim, c, seed)
    digest = hashlib.sha256()
    for path in pos_paths + neg_paths:
        digest.update(path.read_bytes())
    meta: dict[str, Any] = {
        "version": VERSION,
        "threshold": chosen["threshold"],
        "max_false": max_false,
        "trained_on": [x.name for x in pos_paths + neg_paths],
        "data_sha256": digest.hexdigest(),
        "sentences": {"incident": labels.count("incident"), "none": labels.count("none")},
        "c": c,
        "seed": seed,
        "folds": folds,
        "cross_validation": chosen,
        "cross_validation_grid": grid,
    }
    model = quantize(w, b, names, dim, meta)
    model.save(out, DETECTOR_FILE.removesuffix(".npz"))
    size = sum(f.stat().st_size for f in out.glob("incident_detector.*"))
    print(f"{len(rows)} sentences ({meta['sentences']['incident']} incident, {meta['sentences']['none']} none), "
          f"{len(model.rows)} buckets stored ({size / 1024:.0f} KiB); {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    for g in grid:
        mark = " <- chosen" if g is chosen else ""
        print(f"threshold {g['threshold']:.2f}: recall {g['recall']:.3f}, where the word lists miss "
              f"{g['recall_where_word_lists_miss']} (of {g['word_lists_miss']}), negatives taken "
              f"{g['false_incidents']:.3f}{mark}")
    print(f"wrote {out / DETECTOR_FILE} and its .json")
    return 0
