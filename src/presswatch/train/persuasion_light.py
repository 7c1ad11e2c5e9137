"""Train the light per-language technique models (``presswatch train persuasion_light``).

For each language (SemEval-2023 Task 3 folder codes fr, ge, it, po, ru; stored under ISO 639-1
codes fr, de, it, pl, ru): character 3-5-gram TF-IDF (scikit-learn ``char_wb``, sublinear tf, 20,000
features) and one class-balanced logistic regression per technique, trained on the language's
**train** paragraphs minus a seeded 10 % of its articles, on which a global threshold (and
per-technique ones with enough positives) is calibrated. Dev is never read here.

Needs scikit-learn (training only); inference is numpy (:mod:`presswatch.analyzers.techniques.light`).
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from pathlib import Path
from typing import Any

from presswatch.corpora.semeval2023 import read_paragraphs
from presswatch.errors import ConfigError
from presswatch.learn.calibration import calibrate_thresholds, split_articles

DEFAULT_DATA = Path("../shared/data/persuasion")
DEFAULT_OUT = Path("models/persuasion/light")
LANGS = {"fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru", "en": "en"}
VERSION = "0.1.0"


# --- numpy fitters (document level), shared with the frames and genre models and their evaluations --------


def ngram_counts(text: str, min_n: int = 3, max_n: int = 5) -> Counter:
    from presswatch.nlp.charngram import char_wb_ngrams

    return Counter(char_wb_ngrams(text, min_n, max_n))


def tfidf_fit(docs: list[Counter], max_features: int, min_df: int = 2) -> tuple[dict[str, int], Any]:
    """Vocabulary (the ``max_features`` n-grams with the highest document frequency >= ``min_df``)
    and smooth idf, as scikit-learn computes it."""
    import numpy as np

    df: Counter = Counter()
    for c in docs:
        df.update(c.keys())
    terms = sorted((t for t, n in df.items() if n >= min_df), key=lambda t: (-df[t], t))[:max_features]
    vocab = {t: i for i, t in enumerate(terms)}
    n = len(docs)
    idf = np.asarray([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float32)
    return vocab, idf


def tfidf_matrix(docs: list[Counter], vocab: dict[str, int], idf: Any) -> Any:
    import numpy as np

    X = np.zeros((len(docs), len(vocab)), dtype=np.float32)
    for r, c in enumerate(docs):
        for t, k in c.items():
            j = vocab.get(t)
            if j is not None:
                X[r, j] = (1.0 + math.log(k)) * idf[j]
        nrm = float(np.linalg.norm(X[r]))
        if nrm:
            X[r] /= nrm
    return X


def fit_linear(X: Any, out_dim: int, dlogits: Any, l2: float = 1e-4, iters: int = 300, lr: float = 0.05,
               seed: int = 13) -> tuple[Any, Any]:
    """A linear layer (weights ``features x out_dim``, intercepts) fitted by full-batch Adam (numpy only);
    ``dlogits(Z)`` gives the loss' gradient with respect to the logits ``Z = X @ W + b``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    d = X.shape[1]
    W = rng.normal(0, 1e-3, (d, out_dim)).astype(np.float32)
    b = np.zeros(out_dim, dtype=np.float32)
    mW, vW, mb, vb = (np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b))
    for t in range(1, iters + 1):
        G = dlogits(X @ W + b)
        gW = X.T @ G + l2 * W
        gb = G.sum(0)
        for g, m, v, prm in ((gW, mW, vW, W), (gb, mb, vb, b)):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            prm -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return W, b


def fit_softmax(X: Any, y: Any, n_classes: int, l2: float = 1e-4, iters: int = 300, lr: float = 0.05,
                seed: int = 13) -> tuple[Any, Any]:
    """Class-balanced multinomial logistic regression by full-batch Adam (numpy only)."""
    import numpy as np

    n = X.shape[0]
    counts = np.bincount(y, minlength=n_classes).astype(np.float32)
    sw = (n / (n_classes * np.maximum(counts, 1)))[y]
    Y = np.eye(n_classes, dtype=np.float32)[y]

    def dlogits(z: Any) -> Any:
        z = z - z.max(1, keepdims=True)
        P = np.exp(z)
        P /= P.sum(1, keepdims=True)
        return (P - Y) * sw[:, None] / sw.sum()

    return fit_linear(X, n_classes, dlogits, l2, iters, lr, seed)


def run(
    *,
    data: Path = DEFAULT_DATA,
    out: Path = DEFAULT_OUT,
    langs: str = "fr,ge,it,po,ru",
    max_features: int = 20000,
    C: float = 2.0,
    holdout: float = 0.1,
    min_pos: int = 25,
    seed: int = 13,
) -> int:
    """``presswatch train persuasion_light``: fit the light technique models of each folder in ``langs``
    (comma-separated SemEval folders); write them to ``out``."""
    try:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as e:
        raise ConfigError("training the light models needs scikit-learn: pip install scikit-learn") from e

    from presswatch.analyzers.techniques.light import LightModel
    from presswatch.analyzers.techniques.taxonomy import TECHNIQUE_KEYS

    labels = list(TECHNIQUE_KEYS)
    out.mkdir(parents=True, exist_ok=True)
    for folder in langs.split(","):
        iso = LANGS[folder]
        t0 = time.perf_counter()
        paras = [p for p in read_paragraphs(data, "train", folder) if p.text.strip()]
        hold = split_articles([p.article for p in paras], holdout, seed)
        train = [p for p in paras if p.article not in hold]
        cal = [p for p in paras if p.article in hold]
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True,
                              min_df=2, max_features=max_features, dtype=np.float32)
        X = vec.fit_transform([p.text for p in train])
        Y = np.array([[int(k in p.labels) for k in labels] for p in train])
        coef = np.zeros((X.shape[1], len(labels)), dtype=np.float32)
        intercept = np.full(len(labels), -10.0, dtype=np.float32)
        for j in range(len(labels)):
            if Y[:, j].sum() < 2:
                continue
            lr = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=500,
                                    random_state=seed)
            lr.fit(X, Y[:, j])
            coef[:, j] = lr.coef_[0]
            intercept[j] = lr.intercept_[0]
        vocab = [None] * X.shape[1]
        for term, i in vec.vocabulary_.items():
            vocab[i] = term
        np.savez_compressed(out / f"{iso}.npz", vocab=np.array(vocab), idf=vec.idf_.astype(np.float32),
                            coef=coef.astype(np.float16), intercept=intercept)
        meta = {"lang": iso, "dataset_folder": folder, "version": VERSION, "labels": labels,
                "ngram_range": [3, 5], "thresholds": {k: 0.5 for k in labels}}
        (out / f"{iso}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        LightModel._cache.clear()
        model = LightModel.load(out.parent, iso)
        assert model is not None
        # the numpy features must be sklearn's
        probe = [p.text for p in cal[:20]]
        ref = vec.transform(probe).toarray()
        for r, t in enumerate(probe):
            cols, w = model.features(t)
            mine = np.zeros(X.shape[1], dtype=np.float32)
            mine[cols] = w
            if np.abs(mine - ref[r]).max() > 1e-4:
                raise RuntimeError(f"{iso}: numpy features differ from scikit-learn's")
        probs = [p.tolist() for p in model.predict_proba([p.text for p in cal])]
        gold = [[int(k in p.labels) for k in labels] for p in cal]
        g, per, info = calibrate_thresholds(probs, gold, labels, min_pos)
        meta.update({"thresholds": per, "global_threshold": g, "calibration": {
            "held_out_articles": len(hold), "held_out_paragraphs": len(cal), "min_pos": min_pos,
            "seed": seed, **info},
            "train_paragraphs": len(train), "train_articles": len({p.article for p in train}),
            "C": C, "max_features": max_features})
        (out / f"{iso}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        LightModel._cache.clear()
        print(f"{iso}: {len(train)} train / {len(cal)} held-out paragraphs, global threshold {g}, "
              f"held-out micro-F1 {max(info['holdout_micro_f1_global'], info['holdout_micro_f1_per_technique']):.3f}"
              f", {(out / f'{iso}.npz').stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.0f} s",
              flush=True)
    return 0
