"""Train the framing models (SemEval-2023 Task 3 subtask 2: which of 14 frames an article uses).

``presswatch train frames [--data DIR] [--out models/frames] [--langs en,fr,...]``

One model per language with subtask-2 training labels (en, fr, de, it, pl, ru): character n-grams (3-5,
within word boundaries) weighted by sublinear TF-IDF, L2-normalised, then one logistic regression per frame
(class-balanced; fitted with scikit-learn's liblinear by :mod:`presswatch.learn.linear`, applied with numpy),
and one global decision threshold chosen by 3-fold cross-validation on the training articles. The data has no
development labels for subtask 2, so ``presswatch eval frames`` scores by 5-fold cross-validation (articles never
split), with the thresholds chosen inside each training fold only.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from presswatch.corpora.semeval2023 import FRAMES, read_frame_docs
from presswatch.learn.metrics import multilabel_macro_f1, multilabel_micro_f1

DEFAULT_DATA = Path("../shared/data/persuasion")
DEFAULT_OUT = Path("models/frames")
VERSION = "0.1.0"
# SemEval folder -> ISO 639-1
LANGS = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}
THRESHOLDS = [round(0.05 * k, 2) for k in range(2, 17)]


def fit_sigmoid(X: Any, Y: Any, l2: float = 1e-4) -> tuple[Any, Any]:
    """One logistic regression per column of ``Y`` (0/1), positives and negatives weighted equally
    (:func:`presswatch.learn.linear.fit_one_vs_rest`; liblinear's dual solver: a few hundred articles, 20,000
    sparse n-gram features)."""
    from scipy.sparse import csr_matrix

    from presswatch.learn.linear import fit_one_vs_rest

    return fit_one_vs_rest(csr_matrix(X), Y, l2=l2, solver="liblinear", dual=True)


def binarise(labels: list[list[str]]) -> Any:
    import numpy as np

    Y = np.zeros((len(labels), len(FRAMES)), dtype=np.float32)
    for r, ls in enumerate(labels):
        for f in ls:
            Y[r, FRAMES.index(f)] = 1.0
    return Y


def folds(n: int, k: int, seed: int) -> list[Any]:
    """``k`` disjoint test index sets covering 0..n-1 (one article per index: articles are never split)."""
    import numpy as np

    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[i::k]) for i in range(k)]


def _decide(prob: Any, thr: float) -> Any:
    """Frames at or above ``thr``; an article gets at least its most likely frame."""
    import numpy as np

    P = (prob >= thr).astype(np.float32)
    top = prob.argmax(1)
    P[np.arange(len(P)), top] = 1.0
    return P


class _Featuriser:
    def __init__(self, max_features: int) -> None:
        self.max_features = max_features

    def fit(self, counts: list[Any]) -> _Featuriser:
        from presswatch.learn.linear import tfidf_fit

        self.vocab, self.idf = tfidf_fit(counts, self.max_features)
        return self

    def transform(self, counts: list[Any]) -> Any:
        from presswatch.learn.linear import tfidf_matrix

        return tfidf_matrix(counts, self.vocab, self.idf)


def fit_model(counts: list[Any], Y: Any, max_features: int, seed: int, inner: int = 3
              ) -> tuple[_Featuriser, Any, Any, float]:
    """Featuriser, weights and a global threshold chosen by ``inner``-fold cross-validation (micro-F1)."""
    import numpy as np

    n = len(counts)
    oof = np.zeros_like(Y)
    for te in folds(n, inner, seed + 1):
        tr = np.setdiff1d(np.arange(n), te)
        fz = _Featuriser(max_features).fit([counts[i] for i in tr])
        W, b = fit_sigmoid(fz.transform([counts[i] for i in tr]), Y[tr])
        oof[te] = 1.0 / (1.0 + np.exp(-(fz.transform([counts[i] for i in te]) @ W + b)))
    thr = max(THRESHOLDS, key=lambda t: (multilabel_micro_f1(Y, _decide(oof, t)), -abs(t - 0.5)))
    fz = _Featuriser(max_features).fit(counts)
    W, b = fit_sigmoid(fz.transform(counts), Y)
    return fz, W, b, thr


def cross_validate(texts: list[str], labels: list[list[str]], k: int = 5, seed: int = 13,
                   max_features: int = 20000, progress: bool = True) -> dict[str, Any]:
    """Out-of-fold micro/macro F1 of the model, and of a prior baseline (each fold's k most frequent frames,
    k = the fold's mean number of frames per article)."""
    import numpy as np

    from presswatch.learn.linear import ngram_counts

    counts = [ngram_counts(t) for t in texts]
    Y = binarise(labels)
    n = len(texts)
    pred = np.zeros_like(Y)
    base = np.zeros_like(Y)
    thrs = []
    for f, te in enumerate(folds(n, k, seed)):
        tr = np.setdiff1d(np.arange(n), te)
        fz, W, b, thr = fit_model([counts[i] for i in tr], Y[tr], max_features, seed)
        prob = 1.0 / (1.0 + np.exp(-(fz.transform([counts[i] for i in te]) @ W + b)))
        pred[te] = _decide(prob, thr)
        thrs.append(thr)
        kk = max(1, round(float(Y[tr].sum(1).mean())))
        top = np.argsort(-Y[tr].sum(0))[:kk]
        base[np.ix_(te, top)] = 1.0
        if progress:
            print(f"  fold {f + 1}/{k}: threshold {thr}", file=sys.stderr, flush=True)
    return {"articles": n, "folds": k, "micro_f1": round(multilabel_micro_f1(Y, pred), 4),
            "macro_f1": round(multilabel_macro_f1(Y, pred), 4), "thresholds": thrs,
            "baseline_most_frequent": {"micro_f1": round(multilabel_micro_f1(Y, base), 4),
                                       "macro_f1": round(multilabel_macro_f1(Y, base), 4)},
            "mean_frames_gold": round(float(Y.sum(1).mean()), 2),
            "mean_frames_predicted": round(float(pred.sum(1).mean()), 2)}


def train_language(data: Path, folder: str, out: Path, max_features: int, seed: int) -> dict[str, Any] | None:
    import numpy as np

    from presswatch.learn.linear import ngram_counts

    _ids, texts, labels = read_frame_docs(data, folder)
    if not texts:
        return None
    counts = [ngram_counts(t) for t in texts]
    Y = binarise(labels)
    fz, W, b, thr = fit_model(counts, Y, max_features, seed)
    iso = LANGS[folder]
    terms = sorted(fz.vocab, key=fz.vocab.get)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / f"frames-{iso}.npz", vocab=np.array(terms), idf=fz.idf,
                        coef=W.astype(np.float16), intercept=b)
    meta = {"lang": iso, "labels": FRAMES, "threshold": thr, "ngram_range": [3, 5], "version": VERSION,
            "train_documents": len(texts), "max_features": max_features, "seed": seed,
            "counts": {f: int(Y[:, j].sum()) for j, f in enumerate(FRAMES)}}
    (out / f"frames-{iso}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def run(
    *,
    data: Path = DEFAULT_DATA,
    out: Path = DEFAULT_OUT,
    langs: str = ",".join(LANGS),
    max_features: int = 20000,
    seed: int = 13,
) -> int:
    """``presswatch train frames``: fit the framing model of each folder in ``langs`` (comma-separated SemEval
    folders) and write it to ``out``."""
    from presswatch.errors import DataMissingError

    if not data.is_dir():
        raise DataMissingError(f"{data} is not a folder; pass --data (the shared persuasion folder)")
    for folder in langs.split(","):
        t0 = time.time()
        meta = train_language(data, folder.strip(), out, max_features, seed)
        if meta is None:
            print(f"{folder}: no subtask-2 training labels, skipped", file=sys.stderr)
            continue
        print(f"frames {meta['lang']}: {meta['train_documents']} articles, threshold {meta['threshold']}, "
              f"{time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    return 0
