"""Linear models, fitted in one place: scikit-learn (the ``train`` extra) fits them, numpy applies them.

Every shipped linear model (the light technique models, frames, genre, the sourcing cue scorer, the places
ranker) is a weight matrix and intercepts saved to ``models/``; the analyzers predict with numpy from those
files and never import scikit-learn. Fitting is done here only, for ``presswatch train`` and for the evaluations
that refit fold by fold (``presswatch eval frames``, ``eval genre``, ``eval geo --train``):

* :func:`ngram_counts`, :func:`tfidf_fit`, :func:`tfidf_matrix`: character 3-5-gram (within word boundaries)
  sublinear TF-IDF rows, L2-normalised, in numpy (the light models check them against scikit-learn's).
* :func:`fit_softmax`: a (class-balanced, optionally article-weighted) multinomial logistic regression.
* :func:`fit_one_vs_rest`: one class-balanced logistic regression per column of a 0/1 label matrix.
* :func:`fit_binary`: one logistic regression over sparse binary features (rows of feature indices).
* :func:`fit_conditional_logit`: a softmax over each item's own candidate rows (a ranker); scikit-learn has
  none, so it is a small L-BFGS fit with scipy.

The regularisation is given as ``l2``, the weight of ``l2 / 2 * |W|^2`` beside the *mean* (weighted) loss, the
form the numpy fitters used before; the scikit-learn ``C`` it maps to is ``1 / (l2 * sum of sample weights)``.
Intercepts are never penalised. Results are deterministic.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from presswatch.errors import ConfigError

# a class or label never seen in training: its logit is pushed out of reach
_ABSENT = -10.0


def sklearn_linear_model() -> Any:
    """``sklearn.linear_model``, imported on first use; a clear error where the ``train`` extra is missing."""
    try:
        from sklearn import linear_model
    except ImportError as e:  # pragma: no cover - the test and train extras install it
        raise ConfigError("fitting a model needs scikit-learn: pip install 'presswatch[train]'") from e
    return linear_model


# --- features ------------------------------------------------------------------------------------------


def ngram_counts(text: str, min_n: int = 3, max_n: int = 5) -> Counter:
    """Character n-gram counts within word boundaries (scikit-learn's ``char_wb``), lowercased."""
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
    """Dense rows of sublinear TF-IDF over ``vocab``, each L2-normalised (float32)."""
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


# --- fitters ------------------------------------------------------------------------------------------


def _c(l2: float, weight_sum: float) -> float:
    return 1.0 / (l2 * max(weight_sum, 1e-12))


def balanced_weights(y: Any, n_classes: int, weights: Any = None) -> Any:
    """Per-row weights that give every class the same total (scikit-learn's ``class_weight="balanced"``,
    applied on top of ``weights`` where given), summing to the sum of ``weights`` (or to the row count)."""
    import numpy as np

    sw = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    mass = np.bincount(y, weights=sw, minlength=n_classes)
    return sw * (sw.sum() / (n_classes * np.maximum(mass, 1e-12)))[y]


def fit_softmax(X: Any, y: Any, n_classes: int, *, weights: Any = None, l2: float = 1e-4, max_iter: int = 1000
                ) -> tuple[Any, Any]:
    """Class-balanced multinomial logistic regression (lbfgs): weights ``features x n_classes`` and intercepts
    (float32) for logits ``X @ W + b``. ``weights``: per-row weights the class balance is applied on top of."""
    import numpy as np

    y = np.asarray(y)
    sw = balanced_weights(y, n_classes, weights)
    W = np.zeros((X.shape[1], n_classes), dtype=np.float32)
    b = np.full(n_classes, _ABSENT, dtype=np.float32)
    seen = np.unique(y)
    if len(seen) == 1:
        b[seen[0]] = 0.0
        return W, b
    lr = sklearn_linear_model().LogisticRegression(C=_c(l2, sw.sum()), max_iter=max_iter, tol=1e-6)
    lr.fit(X, y, sample_weight=sw)
    if len(seen) == 2:  # scikit-learn fits one logit difference for two classes
        W[:, seen[1]] = lr.coef_[0]
        b[seen[0]], b[seen[1]] = 0.0, lr.intercept_[0]
    else:
        W[:, seen] = lr.coef_.T
        b[seen] = lr.intercept_
    return W, b


def fit_one_vs_rest(X: Any, Y: Any, *, l2: float | None = None, C: float | None = None, solver: str = "lbfgs",
                    dual: bool = False, max_iter: int = 1000, tol: float = 1e-4, seed: int = 13) -> tuple[Any, Any]:
    """One class-balanced logistic regression per column of the 0/1 matrix ``Y``: weights ``features x
    columns`` and intercepts (float32). Give the penalty as ``l2`` (beside the mean loss) or as scikit-learn's
    ``C``. A column with fewer than two positives (or no negatives) gets zero weights and a far intercept.
    ``solver="liblinear", dual=True`` is the fast choice where there are far more features than rows (character
    n-grams of a few hundred articles); liblinear penalises the intercept like a weight."""
    import numpy as np

    if (l2 is None) == (C is None):
        raise ValueError("give one of l2 and C")
    Y = np.asarray(Y)
    W = np.zeros((X.shape[1], Y.shape[1]), dtype=np.float32)
    b = np.full(Y.shape[1], _ABSENT, dtype=np.float32)
    lm = sklearn_linear_model()
    for j in range(Y.shape[1]):
        y = (Y[:, j] > 0).astype(int)
        pos = int(y.sum())
        if pos < 2 or pos == len(y):
            b[j] = _ABSENT if pos < len(y) else -_ABSENT
            continue
        lr = lm.LogisticRegression(C=C if C is not None else _c(l2, len(y)), class_weight="balanced",  # type: ignore[arg-type]
                                   solver=solver, dual=dual, max_iter=max_iter, random_state=seed, tol=tol)
        lr.fit(X, y)
        W[:, j] = lr.coef_[0]
        b[j] = lr.intercept_[0]
    return W, b


def fit_binary(rows: list[list[int]], y: Any, dim: int, *, l2: float = 1e-4, max_iter: int = 1000) -> Any:
    """Logistic regression over sparse binary features: ``rows[i]`` lists the feature indices present in row
    ``i``; no intercept (give a feature present in every row for one; it is penalised like the others). Returns
    the weights (float64, length ``dim``)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    y = np.asarray(y, dtype=int)
    lens = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    cols = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(lens.sum()))
    X = csr_matrix((np.ones(len(cols)), cols, np.concatenate([[0], np.cumsum(lens)])), shape=(len(rows), dim))
    lr = sklearn_linear_model().LogisticRegression(C=_c(l2, len(rows)), fit_intercept=False, max_iter=max_iter,
                                                   tol=1e-6)
    lr.fit(X, y)
    return lr.coef_[0].astype(np.float64)


def fit_conditional_logit(X: Any, starts: Any, chosen: Any, *, l2: float = 1e-3, max_iter: int = 1000
                          ) -> tuple[Any, float]:
    """A conditional logit (McFadden): item ``g`` owns the candidate rows ``starts[g]`` up to the next start,
    its probability of choosing row ``r`` is the softmax of ``X[r] @ w`` over its rows; ``chosen[g]`` is the row
    it chose. Minimises the mean negative log-likelihood plus ``l2 / 2 * |w|^2`` by L-BFGS (scipy). Returns
    ``w`` and the final mean loss."""
    import numpy as np
    from scipy.optimize import minimize

    X = np.asarray(X, dtype=np.float64)
    st = np.asarray(starts)
    yi = np.asarray(chosen)
    n = len(st)
    grp = np.repeat(np.arange(n), np.diff(np.append(st, len(X))))

    def loss_grad(w: Any) -> tuple[float, Any]:
        s = X @ w
        s = s - np.maximum.reduceat(s, st)[grp]
        e = np.exp(s)
        z = np.add.reduceat(e, st)
        p = e / z[grp]
        loss = float(-(s[yi] - np.log(z)).sum()) / n + 0.5 * l2 * float(w @ w)
        return loss, (X.T @ p - X[yi].sum(axis=0)) / n + l2 * w

    res = minimize(loss_grad, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B",
                   options={"maxiter": max_iter, "gtol": 1e-9, "ftol": 1e-12})
    return res.x, float(res.fun)
