"""Train the light per-language technique models (``presswatch train persuasion_light``).

For each language (SemEval-2023 Task 3 folder codes fr, ge, it, po, ru; stored under ISO 639-1
codes fr, de, it, pl, ru): character 3-5-gram TF-IDF (scikit-learn ``char_wb``, sublinear tf, 20,000
features) and one class-balanced logistic regression per technique, trained on the language's
**train** paragraphs minus a seeded 10 % of its articles, on which a global threshold (and
per-technique ones with enough positives) is calibrated. Dev is never read here.

Fitted by :func:`presswatch.learn.linear.fit_one_vs_rest` (scikit-learn, training only); inference is numpy
(:mod:`presswatch.analyzers.techniques.light`).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from presswatch.corpora.semeval2023 import read_paragraphs
from presswatch.learn.calibration import calibrate_thresholds, split_articles

DEFAULT_DATA = Path("../shared/data/persuasion")
DEFAULT_OUT = Path("models/persuasion/light")
LANGS = {"fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru", "en": "en"}
VERSION = "0.1.0"


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
    import numpy as np

    from presswatch.learn.linear import fit_one_vs_rest, sklearn_linear_model

    sklearn_linear_model()  # a clear error before any work where scikit-learn is missing
    from sklearn.feature_extraction.text import TfidfVectorizer

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
        coef, intercept = fit_one_vs_rest(X, Y, C=C, solver="liblinear", max_iter=500, seed=seed)
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
