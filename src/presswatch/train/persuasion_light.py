"""Train the light per-language technique models (``presswatch train persuasion-light``).

For each language (SemEval-2023 Task 3 folder codes fr, ge, it, po, ru; stored under ISO 639-1
codes fr, de, it, pl, ru): character 3-5-gram TF-IDF (scikit-learn ``char_wb``, sublinear tf, 20,000
features) and one class-balanced logistic regression per technique, trained on the language's
**train** paragraphs minus a seeded 10 % of its articles, on which a global threshold (and
per-technique ones with enough positives) is calibrated. Dev is never read here.

Needs scikit-learn (training only); inference is numpy (:mod:`presswatch.analyzers.techniques_light`).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from presswatch.errors import ConfigError

DEFAULT_DATA = Path("../shared/data/persuasion")
DEFAULT_OUT = Path("models/persuasion/light")
LANGS = {"fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru", "en": "en"}
VERSION = "0.1.0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="presswatch train persuasion-light", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--langs", default="fr,ge,it,po,ru",
                    help="dataset language folders (en: optional, for train persuasion --blend-light)")
    ap.add_argument("--max-features", type=int, default=20000)
    ap.add_argument("--C", type=float, default=2.0)
    ap.add_argument("--holdout", type=float, default=0.1)
    ap.add_argument("--min-pos", type=int, default=25)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    try:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as e:
        raise ConfigError("training the light models needs scikit-learn: pip install scikit-learn") from e

    from presswatch.analyzers.techniques_light import LightModel
    from presswatch.analyzers.techniques_taxonomy import TECHNIQUE_KEYS
    from presswatch.eval.persuasion import read_paragraphs
    from presswatch.train.persuasion import calibrate_thresholds, split_articles

    labels = list(TECHNIQUE_KEYS)
    args.out.mkdir(parents=True, exist_ok=True)
    for folder in args.langs.split(","):
        iso = LANGS[folder]
        t0 = time.perf_counter()
        paras = [p for p in read_paragraphs(args.data, "train", folder) if p.text.strip()]
        hold = split_articles([p.article for p in paras], args.holdout, args.seed)
        train = [p for p in paras if p.article not in hold]
        cal = [p for p in paras if p.article in hold]
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True,
                              min_df=2, max_features=args.max_features, dtype=np.float32)
        X = vec.fit_transform([p.text for p in train])
        Y = np.array([[int(k in p.labels) for k in labels] for p in train])
        coef = np.zeros((X.shape[1], len(labels)), dtype=np.float32)
        intercept = np.full(len(labels), -10.0, dtype=np.float32)
        for j in range(len(labels)):
            if Y[:, j].sum() < 2:
                continue
            lr = LogisticRegression(C=args.C, class_weight="balanced", solver="liblinear", max_iter=500,
                                    random_state=args.seed)
            lr.fit(X, Y[:, j])
            coef[:, j] = lr.coef_[0]
            intercept[j] = lr.intercept_[0]
        vocab = [None] * X.shape[1]
        for term, i in vec.vocabulary_.items():
            vocab[i] = term
        np.savez_compressed(args.out / f"{iso}.npz", vocab=np.array(vocab), idf=vec.idf_.astype(np.float32),
                            coef=coef.astype(np.float16), intercept=intercept)
        meta = {"lang": iso, "dataset_folder": folder, "version": VERSION, "labels": labels,
                "ngram_range": [3, 5], "thresholds": {k: 0.5 for k in labels}}
        (args.out / f"{iso}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        LightModel._cache.clear()
        model = LightModel.load(args.out.parent, iso)
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
        g, per, info = calibrate_thresholds(probs, gold, labels, args.min_pos)
        meta.update({"thresholds": per, "global_threshold": g, "calibration": {
            "held_out_articles": len(hold), "held_out_paragraphs": len(cal), "min_pos": args.min_pos,
            "seed": args.seed, **info},
            "train_paragraphs": len(train), "train_articles": len({p.article for p in train}),
            "C": args.C, "max_features": args.max_features})
        (args.out / f"{iso}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        LightModel._cache.clear()
        print(f"{iso}: {len(train)} train / {len(cal)} held-out paragraphs, global threshold {g}, "
              f"held-out micro-F1 {max(info['holdout_micro_f1_global'], info['holdout_micro_f1_per_technique']):.3f}"
              f", {(args.out / f'{iso}.npz').stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.0f} s",
              flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
