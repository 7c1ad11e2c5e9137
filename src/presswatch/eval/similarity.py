"""Evaluate same-story similarity on SemEval-2022 Task 8 (multilingual news article similarity).

    presswatch eval similarity --data ../shared/data/clustering/semeval2022-task8 [--folds 10] [--json] [--fit]

The task's measure is Pearson r between a system's score and the gold ``Overall`` rating (1 = very similar ...
4 = very dissimilar). Scores here grow with similarity, so they are correlated with ``-Overall``: a positive r
means agreement. Pairs are read from every CSV of the folder that has text columns and deduplicated on
``pair_id`` (first occurrence kept). r is given per language pair, over all pairs, same-language and
cross-language pairs, for:

* **tfidf**: the lexical baseline, cosine of TF-IDF word unigrams fitted on all texts of the run;
* **e5**: the cosine of the two multilingual-e5-small vectors (nothing fitted);
* **ours (cv)**: ``presswatch.comparison.similarity``'s logistic map of the e5 cosine and of a cross-language flag (the
  two texts' languages as py3langid identifies them differ), fitted to "same story" (mean Overall below 2.5);
  k-fold cross-validated: each fold's three numbers are fitted on the other folds only;
* **+lex (cv)**: the same with the pair's own TF-IDF cosine as a third feature (what ``similarity`` would compute),
  cross-validated alike; shown because it does not help;
* **ours (shipped)**: the constants shipped in ``presswatch.comparison.similarity``. They were fitted on these pairs
  (``--fit``), so this figure is in-sample; quote the cross-validated one.

``--fit`` fits the three numbers on all pairs and prints them, to be copied into the module and the model card.
Each article is cut with ``story_text`` (first 200 words). Embeddings are cached in the user cache folder.
"""

from __future__ import annotations

import csv
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presswatch.errors import DataMissingError

DEFAULT_DATA = Path("../shared/data/clustering/semeval2022-task8")
# "same story": annotators' mean Overall below 2.5 (very / somewhat similar)
SAME_STORY_BELOW = 2.5


@dataclass
class Pair:
    pair_id: str
    lang1: str
    lang2: str
    text1: str
    text2: str
    overall: float

    @property
    def langs(self) -> str:
        return f"{self.lang1}-{self.lang2}"


def load_pairs(root: Path, files: list[str] | None = None) -> tuple[list[Pair], list[str]]:
    """Pairs of the CSV files of ``root`` (those with text1/text2 columns), deduplicated on pair_id."""
    if not root.is_dir():
        raise DataMissingError(f"SemEval-2022 Task 8 data folder not found: {root} (pass --data PATH)")
    paths = [root / f for f in files] if files else sorted(root.glob("*.csv"))
    csv.field_size_limit(1 << 30)
    pairs: list[Pair] = []
    seen: set[str] = set()
    used: list[str] = []
    for p in paths:
        if not p.is_file():
            raise DataMissingError(f"{p} not found")
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not {"pair_id", "text1", "text2", "Overall"} <= set(reader.fieldnames or []):
                continue
            used.append(p.name)
            for r in reader:
                if r["pair_id"] in seen or not r["Overall"]:
                    continue
                seen.add(r["pair_id"])
                pairs.append(Pair(r["pair_id"], r["lang1"], r["lang2"], r["text1"], r["text2"], float(r["Overall"])))
    if not pairs:
        raise DataMissingError(f"no SemEval-2022 Task 8 pairs with text (pair_id, text1, text2, Overall) in {root}")
    return pairs, used


# -------------------------------------------------------------------------------------------- fitting, scoring


def fit_logistic(X, y, *, l2: float = 1e-3, iters: int = 100):
    """Logistic regression (with intercept) on targets in [0, 1] by Newton's method; returns (weights..., bias)."""
    import numpy as np

    A = np.hstack([np.asarray(X, dtype=np.float64), np.ones((len(y), 1))])
    y = np.asarray(y, dtype=np.float64)
    w = np.zeros(A.shape[1])
    reg = l2 * len(y) * np.eye(A.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(A @ w)))
        grad = A.T @ (p - y) + reg @ w
        H = (A * (p * (1 - p))[:, None]).T @ A + reg
        step = np.linalg.solve(H, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return tuple(float(v) for v in w)


def pearson(x, y) -> float:
    import numpy as np

    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def groups(pairs: list[Pair]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {"all": list(range(len(pairs)))}
    out["same-language"] = [i for i, p in enumerate(pairs) if p.lang1 == p.lang2]
    out["cross-language"] = [i for i, p in enumerate(pairs) if p.lang1 != p.lang2]
    by: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        by.setdefault(p.langs, []).append(i)
    for k in sorted(by, key=lambda k: (-len(by[k]), k)):
        out[k] = by[k]
    return out


def cross_validated(features, target, folds: int, seed: int):
    """Held-out logistic scores: each fold predicted by the weights fitted on the other folds."""
    import numpy as np

    n = len(target)
    order = np.random.default_rng(seed).permutation(n)
    pred = np.zeros(n)
    fitted = []
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        w = fit_logistic(features[train], target[train])
        fitted.append(w)
        z = features[test] @ np.array(w[:-1]) + w[-1]
        pred[test] = 1.0 / (1.0 + np.exp(-z))
    return pred, fitted


def embed_texts(texts: list[str], *, disk_cache: bool = True, progress: bool = True, label: str = "embedding"):
    """e5 vectors of ``texts`` (cached on disk), with a progress bar on stderr; returns (vectors, seconds)."""
    from presswatch.comparison.similarity import embed

    t0 = time.perf_counter()
    from presswatch.progress import Progress

    with Progress(label, total=len(texts), show=None if progress else False) as bar:
        E = embed(texts, disk_cache=disk_cache, progress=bar.update)
    return E, time.perf_counter() - t0


def evaluate(
    root: Path, *, files: list[str] | None = None, folds: int = 10, seed: int = 13, limit: int | None = None,
    disk_cache: bool = True, progress: bool = True,
) -> dict[str, Any]:
    import numpy as np

    from presswatch.comparison import similarity as sim

    pairs, used = load_pairs(root, files)
    if limit:
        pairs = pairs[:limit]
    a = [sim.story_text(p.text1) for p in pairs]
    b = [sim.story_text(p.text2) for p in pairs]
    uniq = list(dict.fromkeys(a + b))
    E, secs = embed_texts(uniq, disk_cache=disk_cache, progress=progress, label="e5 passages")
    row = {t: i for i, t in enumerate(uniq)}
    ia, ib = np.array([row[t] for t in a]), np.array([row[t] for t in b])
    e5 = np.einsum("ij,ij->i", E[ia], E[ib])
    lex = np.array([sim.lexical_cosine(x, y) for x, y in zip(a, b, strict=True)])
    langs = {t: sim.language(t) for t in uniq}
    cross = np.array([float(langs[x] != langs[y]) for x, y in zip(a, b, strict=True)])
    gold_cross = np.array([float(p.lang1 != p.lang2) for p in pairs])
    X = sim.tfidf_matrix(uniq)  # the baseline: TF-IDF fitted on every text of the run
    base = np.einsum("ij,ij->i", X[ia], X[ib])
    overall = np.array([p.overall for p in pairs])
    target = (overall < SAME_STORY_BELOW).astype(float)
    feats = np.column_stack([e5, cross])
    cv_pred, fitted = cross_validated(feats, target, folds, seed)
    cv_lex, _ = cross_validated(np.column_stack([e5, cross, lex]), target, folds, seed)
    shipped = sim.calibrated(e5, cross)
    systems = {"tfidf": base, "e5": e5, "ours_cv": cv_pred, "plus_lex_cv": cv_lex, "ours_shipped": shipped}
    table = {}
    for name, idx in groups(pairs).items():
        table[name] = {"n": len(idx), **{s: round(pearson(v[idx], -overall[idx]), 3) for s, v in systems.items()}}
    fw = np.array(fitted)
    return {
        "data": used,
        "pairs": len(pairs),
        "texts_embedded": len(uniq),
        "folds": folds,
        "seed": seed,
        "target": f"logistic fit to 1[Overall < {SAME_STORY_BELOW}]; r against -Overall",
        "pearson": table,
        "cross_language_flag_differs_from_gold": int((cross != gold_cross).sum()),
        "cv_weights_range": {
            k: [round(float(fw[:, j].min()), 3), round(float(fw[:, j].max()), 3)]
            for j, k in enumerate(["e5", "cross_language", "bias"])
        },
        "shipped_weights": [sim.E5_WEIGHT, sim.CROSS_LANGUAGE_WEIGHT, sim.BIAS],
        "embed_seconds": round(secs, 1),
        "_features": feats,
        "_target": target,
    }


def run(
    *,
    data: Path = DEFAULT_DATA,
    files: str | None = None,
    folds: int = 10,
    seed: int = 13,
    limit: int | None = None,
    no_cache: bool = False,
    fit: bool = False,
    as_json: bool = False,
) -> int:
    """``presswatch eval similarity``: score the pairs of ``data`` (``files``: comma-separated CSV names) and
    print the figures; with ``fit``, also the three numbers fitted on all pairs."""
    if not data.exists():
        raise DataMissingError(f"SemEval-2022 Task 8 data folder not found: {data} (pass --data PATH)")
    names = [f.strip() for f in files.split(",") if f.strip()] if files else None
    rep = evaluate(data, files=names, folds=folds, seed=seed, limit=limit, disk_cache=not no_cache)
    feats, target = rep.pop("_features"), rep.pop("_target")
    if fit:
        w = fit_logistic(feats, target)
        rep["fitted_on_all_pairs"] = {"E5_WEIGHT": round(w[0], 4), "CROSS_LANGUAGE_WEIGHT": round(w[1], 4),
                                      "BIAS": round(w[2], 4)}
    if as_json:
        print(json.dumps(rep, indent=1))
        return 0
    print(f"SemEval-2022 Task 8 ({', '.join(rep['data'])}): {rep['pairs']} pairs after deduplication on pair_id; "
          f"Pearson r with -Overall; ours: {rep['folds']}-fold cross-validated")
    print(f"{'pairs':<15} {'n':>5} {'tfidf':>7} {'e5':>7} {'ours cv':>8} {'+lex cv':>8} {'shipped':>8}")
    for name, r in rep["pearson"].items():
        print(f"{name:<15} {r['n']:>5} {r['tfidf']:>7.3f} {r['e5']:>7.3f} {r['ours_cv']:>8.3f} "
              f"{r['plus_lex_cv']:>8.3f} {r['ours_shipped']:>8.3f}")
    print(f"shipped weights (e5, cross-language, bias) {rep['shipped_weights']} (fitted on these pairs: in-sample); "
          f"per-fold ranges {rep['cv_weights_range']}")
    if "fitted_on_all_pairs" in rep:
        print(f"fitted on all pairs: {rep['fitted_on_all_pairs']}")
    print(f"embedding: {rep['texts_embedded']} texts in {rep['embed_seconds']} s (cached texts are not re-embedded)")
    return 0
