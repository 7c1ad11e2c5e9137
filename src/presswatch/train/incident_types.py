"""Train the incident-type classifier (``presswatch train incident_types``): ACLED sub-event types of sentences.

``presswatch train incident_types [--data A.tsv,B.tsv] [--tune-on FILE] [--out models/incident-types] [--c 200]``

1. Reads the training sentences: by default the shipped ``scenario/incident-types-train.tsv``,
   ``scenario/incident-types-dev2.tsv`` and ``scenario/incident-types-train3.tsv`` (never
   ``incident-types-dev.tsv``, ``-test.tsv`` or ``-dev3.tsv``, which ``presswatch eval incidents`` scores, nor the
   scenarios' documents, which ``presswatch eval compare`` scores).
2. Hashes each sentence's words, word pairs and letter n-grams as the analyzer does
   (:func:`presswatch.analyzers.incidents.model.feature_ids`) and fits a multinomial logistic regression
   (scikit-learn's ``LogisticRegression``, L2, ``C``, balanced class weights).
3. Computes every sentence's probabilities out of fold (``folds``-fold cross-validation, stratified by type) and
   chooses the combination's settings (:func:`presswatch.analyzers.incidents.model.combine`: the model's weight
   beside the trigger scores, when it may decide alone) that type the most sentences right with the lexicon, on
   all sentences or those of ``tune_on``; reports the model's, the lexicon's and the combination's accuracy per
   file, then fits on all sentences and writes ``incident_types.npz`` (int8 weights of the buckets seen in
   training) and ``incident_types.json`` (labels, settings, data and figures) into ``out``.

Needs scikit-learn (the ``train`` extra); seconds on two cores. The analyzer needs only numpy.
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from presswatch.analyzers.incidents.model import feature_ids, quantize
from presswatch.eval.incidents import SCENARIO, read_sentences

DEFAULT_DATA = (
    SCENARIO / "incident-types-train.tsv",
    SCENARIO / "incident-types-dev2.tsv",
    SCENARIO / "incident-types-train3.tsv",
)
DEFAULT_OUT = Path("models/incident-types")
HELD_OUT = ("incident-types-dev.tsv", "incident-types-test.tsv", "incident-types-dev3.tsv")
VERSION = "0.1.0"


def matrix(texts: list[str], dim: int) -> Any:
    """The binary, unit-length feature rows of ``texts`` (a scipy CSR matrix, ``len(texts)`` × ``dim``)."""
    from scipy.sparse import csr_matrix

    indptr, indices, values = [0], [], []
    for t in texts:
        ids = feature_ids(t, dim)
        indices.append(ids)
        values.append(np.full(len(ids), 1.0 / np.sqrt(max(len(ids), 1))))
        indptr.append(indptr[-1] + len(ids))
    return csr_matrix((np.concatenate(values), np.concatenate(indices), np.array(indptr)), shape=(len(texts), dim))


def fit(texts: list[str], labels: list[str], dim: int, c: float, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Weights (``dim`` × classes), biases and class names of a logistic regression on ``texts``."""
    from sklearn.linear_model import LogisticRegression

    x = matrix(texts, dim).tocsc()
    used = np.flatnonzero(np.diff(x.indptr))  # fit on the buckets the sentences use, then put them back
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=seed)
    clf.fit(x[:, used].tocsr(), labels)
    w = np.zeros((dim, len(clf.classes_)))
    if len(clf.classes_) == 2:  # scikit-learn keeps one row for two classes: the second class's logit
        w[used, 1] = clf.coef_[0]
        return w, np.array([0.0, clf.intercept_[0]]), [str(k) for k in clf.classes_]
    w[used] = clf.coef_.T
    return w, clf.intercept_.copy(), [str(k) for k in clf.classes_]


def lexicon_guess(text: str) -> tuple[str | None, float]:
    """The ACLED sub-event type the English word lists give a sentence alone, and their best trigger score."""
    from presswatch.analyzers.incidents.analyzer import classify, lexicon
    from presswatch.analyzers.incidents.taxonomy import acled_of

    kind, _, scores = classify(text, lexicon("en"))
    return (acled_of(kind)[1] if kind else None), max(scores.values(), default=0.0)


def stratified_folds(labels: list[str], folds: int, seed: int) -> np.ndarray:
    """The fold (0 .. ``folds`` - 1) of each item: each label's items dealt round the folds in a seeded shuffled
    order."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(labels), dtype=int)
    for lab in sorted(set(labels)):
        idx = [i for i, g in enumerate(labels) if g == lab]
        rng.shuffle(idx)
        for k, i in enumerate(idx):
            fold[i] = k % folds
    return fold


def out_of_fold(rows: list[dict[str, str]], *, dim: int, c: float, folds: int, seed: int) -> list[dict[str, float]]:
    """Each sentence's type probabilities from a model fitted on the other folds (``folds`` folds, stratified)."""
    from presswatch.analyzers.incidents.model import TypeModel

    texts = [r["text"] for r in rows]
    gold = [r["acled_sub_event_type"] for r in rows]
    fold = stratified_folds(gold, folds, seed)
    out: list[dict[str, float]] = [{} for _ in rows]
    for k in range(folds):
        train = [i for i in range(len(rows)) if fold[i] != k]
        w, b, labels = fit([texts[i] for i in train], [gold[i] for i in train], dim, c, seed)
        m = TypeModel(dim, np.arange(dim), w, np.ones(len(labels)), b, labels, {})
        for i in np.flatnonzero(fold == k):
            out[i] = m.proba(texts[i])
    return out


def lexicon_reads(rows: list[dict[str, str]]) -> list[tuple[str | None, dict[str, float]]]:
    """The English word lists' type and trigger scores of each sentence."""
    from presswatch.analyzers.incidents.analyzer import classify, lexicon

    return [(k, sc) for k, _, sc in (classify(r["text"], lexicon("en")) for r in rows)]


def scores(rows: list[dict[str, str]], probas: list[dict[str, float]], meta: dict[str, Any],
           reads: list[tuple[str | None, dict[str, float]]]) -> dict[str, float]:
    """Accuracy of the model alone, of the lexicon alone and of the two combined as the analyzer combines them
    (a sentence the lexicon finds no incident in is wrong for the lexicon and the combination)."""
    from presswatch.analyzers.incidents.analyzer import retype_with
    from presswatch.analyzers.incidents.taxonomy import acled_of

    model_right = lex_right = both_right = found = 0
    for r, p, (kind, sc) in zip(rows, probas, reads, strict=True):
        gold = r["acled_sub_event_type"]
        model_right += max(p, key=lambda x: p[x]) == gold
        if kind is None:
            continue
        found += 1
        lex_right += acled_of(kind)[1] == gold
        both_right += acled_of(retype_with(kind, sc, p, meta))[1] == gold
    n = max(len(rows), 1)
    return {"sentences": len(rows), "model_accuracy": round(model_right / n, 4),
            "lexicon_accuracy": round(lex_right / n, 4), "combined_accuracy": round(both_right / n, 4),
            "lexicon_found": round(found / n, 4)}


GRID = {"weight": (0.0, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.5), "lexicon_sure": (0.0, 0.8, 1.0, 1.2),
        "min_proba": (0.3, 0.4, 0.5, 0.6, 0.8)}


def choose(rows: list[dict[str, str]], probas: list[dict[str, float]],
           reads: list[tuple[str | None, dict[str, float]]]) -> dict[str, float]:
    """The settings of :func:`presswatch.analyzers.incidents.model.combine` with the best combined accuracy out
    of fold; ties go to the most cautious (the model's weight lowest, then its fallback least often)."""
    best: tuple[float, ...] = ()
    chosen: dict[str, float] = {}
    for weight in GRID["weight"]:
        for sure in GRID["lexicon_sure"]:
            for mp in GRID["min_proba"]:
                meta = {"weight": weight, "lexicon_sure": sure, "min_proba": mp}
                key = (scores(rows, probas, meta, reads)["combined_accuracy"], -weight, -sure, mp)
                if key > best:
                    best, chosen = key, meta
    return chosen


def run(
    *,
    data: str = "",
    tune_on: str = "",
    out: Path = DEFAULT_OUT,
    dim: int = 2**18,
    c: float = 200.0,
    folds: int = 5,
    seed: int = 13,
) -> int:
    """``presswatch train incident_types``: out-of-fold probabilities, the combination's settings chosen on them
    (on the sentences of the file ``tune_on`` only, when given), then a fit on all sentences."""
    if dim & (dim - 1):
        raise ValueError("--dim must be a power of two")
    paths = [Path(p) for p in data.split(",") if p.strip()] or [p for p in DEFAULT_DATA if p.is_file()]
    bad = [p for p in paths if p.name in HELD_OUT]
    if bad:
        raise ValueError(f"{bad[0].name} is scored by `presswatch eval incidents`: never train on it")
    rows: list[dict[str, str]] = []
    for p in paths:
        rows += [{**r, "file": p.name} for r in read_sentences(p) if (r.get("language") or "en") == "en"
                 and r["acled_sub_event_type"] != "(no incident)"]
    if not rows:
        raise ValueError("no training sentences")
    t0 = time.perf_counter()
    probas = out_of_fold(rows, dim=dim, c=c, folds=folds, seed=seed)
    tune = [i for i, r in enumerate(rows) if r["file"] == tune_on] or list(range(len(rows)))
    reads = lexicon_reads(rows)
    meta: dict[str, Any] = choose([rows[i] for i in tune], [probas[i] for i in tune], [reads[i] for i in tune])
    cv = {name: scores([rows[i] for i in idx], [probas[i] for i in idx], meta, [reads[i] for i in idx]) for name, idx in
          (("all", range(len(rows))),
          *((p.name, [i for i, r in enumerate(rows) if r["file"] == p.name]) for p in paths))}
    w, b, labels = fit([r["text"] for r in rows], [r["acled_sub_event_type"] for r in rows], dim, c, seed)
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.read_bytes())
    meta.update({
        "version": VERSION,
        "trained_on": [p.name for p in paths],
        "settings_chosen_on": tune_on or "all",
        "data_sha256": digest.hexdigest(),
        "sentences": len(rows),
        "c": c,
        "seed": seed,
        "folds": folds,
        "cross_validation": cv,
    })
    model = quantize(w, b, labels, dim, meta)
    model.save(out)
    size = sum(f.stat().st_size for f in out.glob("incident_types.*"))
    print(f"{len(rows)} sentences, {len(labels)} types, {len(model.rows)} buckets stored ({size / 1024:.0f} KiB); "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print("combination: " + ", ".join(f"{k} {meta[k]}" for k in GRID))
    for name, v in cv.items():
        print(f"{folds}-fold out of fold, {name} ({v['sentences']} sentences): model {v['model_accuracy']:.3f}, "
              f"lexicon {v['lexicon_accuracy']:.3f}, combined {v['combined_accuracy']:.3f} "
              f"(lexicon finds an incident in {v['lexicon_found']:.1%})")
    print(f"wrote {out / 'incident_types.npz'} and {out / 'incident_types.json'}")
    return 0
