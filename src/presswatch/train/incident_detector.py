"""Train the incident detector (``presswatch train incident_detector``): does a sentence report an incident at all?

``presswatch train incident_detector [--data A.tsv,B.tsv] [--negatives N.tsv] [--out models/incident-types]``

The English word lists of the incidents analyzer call a sentence an incident when it holds one of their trigger
words. Many triggers are ambiguous: "agreement", "lockdown", "combat", "execution", "rocket", "fighting" are also
words of climate treaties, health rules, cooking, video games and sport, and on ordinary web pages most incidents
the word lists find are of that kind. The detector is a second opinion on sentences whose best trigger is not
unambiguous (score below ``veto_below_score``): a logistic regression over the same hashed features as the type
classifier (:func:`presswatch.analyzers.incidents.model.feature_ids`), two classes, ``incident`` and ``none``; when
its probability of an incident is below ``veto`` the trigger does not count.

1. Positives: the type classifier's sentences (``incident-types-train.tsv``, ``-dev2.tsv``, ``-train3.tsv``);
   negatives: sentences written to report no incident (``incident-none-train.tsv`` and ``-train2.tsv``: analysis,
   opinion, plans, warnings, other news, ordinary web-page sentences, descriptions, appeals and "hard" sentences
   that use incident words; see ``scenario/README.md``), less the kinds in ``skip_kinds`` (by default ``routine``:
   "the situation remained calm", "the mission continues to
   monitor ..." — bulletin lines whose words are those of the bulletins' own incident reports, so that a lexical
   model learns the bulletins' topic as "no incident"; negated lines are the analyzer's rules' business anyway).
   Never ``incident-types-dev.tsv``, ``-test.tsv``, ``-dev3.tsv``, ``incident-none-dev.tsv`` (what ``presswatch eval
   incidents`` scores) or the scenario weeks (``presswatch eval compare``).
2. ``folds``-fold cross-validation (stratified) gives every sentence an out-of-fold probability. The veto is the
   highest value of a grid that costs at most ``max_lost`` of the incident sentences the word lists find (out of
   fold, among those with a trigger below ``veto_below_score``): a true report lost is worse than a false one kept.
3. A fit on all sentences is written as ``incident_detector.npz``/``.json`` (int8 weights, as the type classifier)
   with the veto and the out-of-fold figures, and the finder's two thresholds (``find``, ``find_min_proba``: a
   sentence without a trigger word is an incident when the detector's probability reaches ``find`` and the type
   classifier is ``find_min_proba`` sure of a sub-event type other than ``Other``;
   :func:`presswatch.analyzers.incidents.model.found_by_models`). They are given, not fitted: see the model card
   for the development sets they were read on. So is ``veto_unanchored``, the stricter veto of an ambiguous
   word with no place, date, count or actor around it
   (:func:`presswatch.analyzers.incidents.analyzer.unanchored_veto`).

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
from presswatch.train.incident_types import DEFAULT_DATA, fit, lexicon_reads, stratified_folds

DEFAULT_NEGATIVES = (SCENARIO / "incident-none-train.tsv", SCENARIO / "incident-none-train2.tsv")
DEFAULT_OUT = Path("models/incident-types")
HELD_OUT = ("incident-types-dev.tsv", "incident-types-test.tsv", "incident-types-dev3.tsv",
            "incident-none-dev.tsv")
VERSION = "0.2.0"
VETOES = tuple(round(x, 2) for x in np.arange(0.05, 0.41, 0.05))


def _rows(paths: list[Path], label: str, skip_kinds: frozenset[str] = frozenset()) -> list[dict[str, str]]:
    bad = [p for p in paths if p.name in HELD_OUT]
    if bad:
        raise ValueError(f"{bad[0].name} is scored by `presswatch eval incidents`: never train on it")
    rows: list[dict[str, str]] = []
    for p in paths:
        rows += [{"text": r["text"], "label": label, "file": p.name} for r in read_sentences(p)
                 if (r.get("language") or "en") == "en" and r.get("kind") not in skip_kinds]
    return rows


def out_of_fold(texts: list[str], labels: list[str], *, dim: int, c: float, folds: int, seed: int) -> np.ndarray:
    """Each sentence's probability of ``incident`` from a model fitted on the other folds (stratified)."""
    fold = stratified_folds(labels, folds, seed)
    out = np.zeros(len(texts))
    for k in range(folds):
        train = np.flatnonzero(fold != k)
        w, b, names = fit([texts[i] for i in train], [labels[i] for i in train], dim, c, seed)
        m = TypeModel(dim, np.arange(dim), w, np.ones(len(names)), b, names, {})
        for i in np.flatnonzero(fold == k):
            out[i] = m.proba(texts[i])["incident"]
    return out


def veto_figures(p: np.ndarray, pos: np.ndarray, asked: np.ndarray, veto: float) -> dict[str, Any]:
    """Out of fold, among the sentences the detector is asked about (``asked``: the word lists call them incidents
    with an ambiguous trigger), the share of true incidents a veto at ``veto`` drops and of false ones it removes."""
    drop = p < veto
    return {
        "veto": veto,
        "incidents_lost": round(float(drop[pos & asked].mean()), 4) if (pos & asked).any() else 0.0,
        "false_removed": round(float(drop[~pos & asked].mean()), 4) if (~pos & asked).any() else 0.0,
        "asked_true": int((pos & asked).sum()),
        "asked_false": int((~pos & asked).sum()),
    }


def auc(p: np.ndarray, pos: np.ndarray) -> float:
    """Area under the ROC curve (the chance that an incident sentence scores above a sentence reporting none)."""
    a, b = p[pos], p[~pos]
    if not len(a) or not len(b):
        return float("nan")
    return float(((a[:, None] > b[None, :]).sum() + 0.5 * (a[:, None] == b[None, :]).sum()) / (len(a) * len(b)))


def run(
    *,
    data: str = "",
    negatives: str = "",
    skip_kinds: str = "routine",
    out: Path = DEFAULT_OUT,
    dim: int = 2**18,
    c: float = 10.0,
    folds: int = 5,
    seed: int = 13,
    max_lost: float = 0.0,
    veto_below_score: float = 1.2,
    find: float = 0.8,
    find_min_proba: float = 0.5,
    veto_unanchored: float = 0.3,
) -> int:
    """``presswatch train incident_detector``: out-of-fold probabilities, the veto chosen on them, a fit on all."""
    if dim & (dim - 1):
        raise ValueError("--dim must be a power of two")
    pos_paths = [Path(p) for p in data.split(",") if p.strip()] or [p for p in DEFAULT_DATA if p.is_file()]
    neg_paths = [Path(p) for p in negatives.split(",") if p.strip()] or [p for p in DEFAULT_NEGATIVES if p.is_file()]
    skipped = frozenset(k.strip() for k in skip_kinds.split(",") if k.strip())
    rows = _rows(pos_paths, "incident") + _rows(neg_paths, "none", skipped)
    if not any(r["label"] == "none" for r in rows) or not any(r["label"] == "incident" for r in rows):
        raise ValueError("the detector needs sentences with an incident and sentences without one")
    t0 = time.perf_counter()
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    p = out_of_fold(texts, labels, dim=dim, c=c, folds=folds, seed=seed)
    pos = np.array([lab == "incident" for lab in labels])
    asked = np.array([kind is not None and max(sc.values()) < veto_below_score for kind, sc in lexicon_reads(rows)])
    vetoes = [veto_figures(p, pos, asked, v) for v in VETOES]
    fine = [v for v in vetoes if v["incidents_lost"] <= max_lost]
    veto = fine[-1] if fine else {"veto": 0.0}
    w, b, names = fit(texts, labels, dim, c, seed)
    digest = hashlib.sha256()
    for path in pos_paths + neg_paths:
        digest.update(path.read_bytes())
    meta: dict[str, Any] = {
        "version": VERSION,
        "veto": veto["veto"],
        "veto_below_score": veto_below_score,
        "veto_unanchored": veto_unanchored,
        "find": find,
        "find_min_proba": find_min_proba,
        "max_lost": max_lost,
        "trained_on": [x.name for x in pos_paths + neg_paths],
        "skipped_kinds": sorted(skipped),
        "data_sha256": digest.hexdigest(),
        "sentences": {"incident": labels.count("incident"), "none": labels.count("none")},
        "c": c,
        "seed": seed,
        "folds": folds,
        "cross_validation": {"auc": round(auc(p, pos), 4), **veto},
        "veto_grid": vetoes,
    }
    model = quantize(w, b, names, dim, meta)
    model.save(out, DETECTOR_FILE.removesuffix(".npz"))
    size = sum(f.stat().st_size for f in out.glob("incident_detector.*"))
    print(f"{len(rows)} sentences ({meta['sentences']['incident']} incident, {meta['sentences']['none']} none), "
          f"{len(model.rows)} buckets stored ({size / 1024:.0f} KiB); {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    print(f"{folds}-fold out of fold: AUC {meta['cross_validation']['auc']:.3f}")
    for v in vetoes:
        mark = " <- chosen" if v is veto else ""
        print(f"veto below {v['veto']:.2f}: of the sentences the word lists call incidents with a trigger below "
              f"{veto_below_score}, true ones lost {v['incidents_lost']:.3f} (of {v['asked_true']}), false ones "
              f"removed {v['false_removed']:.3f} (of {v['asked_false']}){mark}")
    print(f"wrote {out / DETECTOR_FILE} and its .json")
    return 0
