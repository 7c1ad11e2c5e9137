"""The linear fitters (presswatch.learn.linear): scikit-learn fits, numpy applies. Each fitter is checked against
the objective it documents (the gradient of the mean loss plus ``l2 / 2 * |W|^2`` vanishes at its answer), so a
wrong mapping of ``l2`` to scikit-learn's ``C`` fails here; invented toy data only."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("sklearn")

from presswatch.learn.linear import (  # noqa: E402
    balanced_weights,
    fit_binary,
    fit_conditional_logit,
    fit_one_vs_rest,
    fit_softmax,
    ngram_counts,
    tfidf_fit,
    tfidf_matrix,
)

TEXTS = [
    "the minister said on monday that the budget was approved",
    "officials said the road reopened after the flood",
    "what a disgrace, how dare they insult us",
    "shameful, outrageous, they dare to lie again",
    "the council approved the budget for the new bridge",
    "they lie and lie, a disgrace to the town",
]
LABELS = np.array([0, 0, 1, 1, 0, 1])


def _toy(seed: int = 3, n: int = 120, d: int = 6, k: int = 3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    true = rng.normal(size=(d, k)) * 2
    y = (X @ true + rng.gumbel(size=(n, k))).argmax(1)
    return X, y


def test_tfidf_is_scikit_learns_char_wb():
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [ngram_counts(t) for t in TEXTS]
    vocab, idf = tfidf_fit(docs, 100000, min_df=1)
    mine = tfidf_matrix(docs, vocab, idf)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    ref = vec.fit_transform(TEXTS).toarray()
    assert set(vec.vocabulary_) == set(vocab)
    order = [vec.vocabulary_[t] for t in sorted(vocab, key=vocab.get)]
    assert np.abs(mine - ref[:, order]).max() < 1e-5
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-5)


def test_softmax_regression_and_tfidf_learn_a_toy_split():
    docs = [ngram_counts(t) for t in TEXTS]
    vocab, idf = tfidf_fit(docs, 5000, min_df=1)
    X = tfidf_matrix(docs, vocab, idf)
    W, b = fit_softmax(X, LABELS, 2)
    assert W.shape == (len(vocab), 2) and W.dtype == np.float32
    assert list((X @ W + b).argmax(1)) == list(LABELS)
    assert (tfidf_matrix([ngram_counts("a disgrace, they lie")], vocab, idf) @ W + b).argmax() == 1


def test_softmax_minimises_the_documented_objective():
    X, y = _toy()
    k, l2 = 3, 1e-2
    weights = np.linspace(0.5, 1.5, len(y))
    W, b = fit_softmax(X, y, k, weights=weights, l2=l2)
    sw = balanced_weights(y, k, weights)
    Z = X @ W + b
    P = np.exp(Z - Z.max(1, keepdims=True))
    P /= P.sum(1, keepdims=True)
    G = (P - np.eye(k)[y]) * sw[:, None] / sw.sum()
    assert np.abs(X.T @ G + l2 * W).max() < 1e-4  # weights penalised
    assert np.abs(G.sum(0)).max() < 1e-4  # intercepts free


def test_class_balance_gives_every_class_the_same_mass():
    y = np.array([0, 0, 0, 1, 2, 2])
    w = balanced_weights(y, 3, [1, 1, 1, 1, 0.5, 0.5])
    assert [w[y == c].sum() for c in range(3)] == pytest.approx([5 / 3] * 3)
    assert w.sum() == pytest.approx(5.0)


def test_softmax_leaves_an_unseen_class_out_of_reach():
    X, y = _toy()
    y = np.where(y == 2, 0, y)
    W, b = fit_softmax(X, y, 4)
    assert not W[:, 2].any() and not W[:, 3].any() and b[2] == b[3] == -10.0
    assert set((X @ W + b).argmax(1)) <= {0, 1}
    W1, b1 = fit_softmax(X, np.zeros(len(y), dtype=int), 2)
    assert not W1.any() and list(b1) == [0.0, -10.0]


def test_one_vs_rest_is_one_balanced_regression_per_column():
    X, y = _toy()
    Y = np.eye(3)[y]
    Y[:, 2] = 0
    Y[0, 2] = 1  # one positive: too few to fit
    l2 = 1e-2
    W, b = fit_one_vs_rest(X, Y, l2=l2)
    assert not W[:, 2].any() and b[2] == -10.0
    n = len(y)
    for j in (0, 1):
        pos = Y[:, j].sum()
        S = np.where(Y[:, j] > 0, n / (2 * pos), n / (2 * (n - pos)))
        r = (1 / (1 + np.exp(-(X @ W[:, j] + b[j]))) - Y[:, j]) * S / n
        assert np.abs(X.T @ r + l2 * W[:, j]).max() < 1e-3
    with pytest.raises(ValueError, match="one of l2 and C"):
        fit_one_vs_rest(X, Y, l2=1.0, C=1.0)


def test_one_vs_rest_with_liblinear_penalises_the_intercept_too():
    """The dual liblinear solver (frames: far more features than articles) reaches the same objective, with the
    intercept penalised like a weight."""
    from scipy.sparse import csr_matrix

    X, y = _toy(n=60, d=200)
    Y = np.eye(3)[y]
    l2 = 1e-2
    W, b = fit_one_vs_rest(csr_matrix(X), Y, l2=l2, solver="liblinear", dual=True, tol=1e-8, max_iter=100000)
    n = len(y)
    for j in range(3):
        pos = Y[:, j].sum()
        S = np.where(Y[:, j] > 0, n / (2 * pos), n / (2 * (n - pos)))
        r = (1 / (1 + np.exp(-(X @ W[:, j] + b[j]))) - Y[:, j]) * S / n
        assert np.abs(X.T @ r + l2 * W[:, j]).max() < 1e-3
        assert abs(r.sum() + l2 * b[j]) < 1e-3


def test_binary_over_sparse_rows_has_no_intercept_but_a_bias_feature():
    rng = np.random.default_rng(5)
    dim = 8
    rows = [[0, *sorted(rng.choice(np.arange(1, dim), size=3, replace=False).tolist())] for _ in range(300)]
    true = np.array([-0.5, 2.0, -2.0, 1.0, 0.0, 0.0, 1.5, -1.0])
    y = np.array([int(rng.random() < 1 / (1 + np.exp(-true[r].sum()))) for r in rows])
    l2 = 1e-3
    w = fit_binary(rows, y, dim, l2=l2)
    X = np.zeros((len(rows), dim))
    for i, r in enumerate(rows):
        X[i, r] = 1.0
    grad = X.T @ (1 / (1 + np.exp(-(X @ w))) - y) / len(rows) + l2 * w
    assert np.abs(grad).max() < 1e-4
    assert np.sign(w[1]) == 1 and np.sign(w[2]) == -1


def test_conditional_logit_matches_the_gradient_descent_it_replaced():
    """The geo ranker was fitted by 3000 steps of full-batch gradient descent (rate 0.5, same objective);
    L-BFGS reaches the same weights."""
    rng = np.random.default_rng(11)
    true = np.array([1.5, -1.0, 0.5, 0.0])
    rows, starts, chosen = [], [], []
    for _ in range(200):
        m = int(rng.integers(2, 6))
        f = rng.normal(size=(m, 4))
        starts.append(len(rows))
        chosen.append(len(rows) + int((f @ true + rng.gumbel(size=m)).argmax()))
        rows.extend(f.tolist())
    l2 = 1e-3
    w, loss = fit_conditional_logit(rows, starts, chosen, l2=l2)

    X, st, yi = np.asarray(rows), np.asarray(starts), np.asarray(chosen)
    grp = np.repeat(np.arange(len(st)), np.diff(np.append(st, len(X))))
    ref = np.zeros(4)
    for _ in range(3000):
        s = X @ ref
        s = s - np.maximum.reduceat(s, st)[grp]
        e = np.exp(s)
        p = e / np.add.reduceat(e, st)[grp]
        ref -= 0.5 * ((X.T @ p - X[yi].sum(axis=0)) / len(st) + l2 * ref)
    assert np.abs(w - ref).max() < 1e-4
    assert np.sign(w[:3]).tolist() == [1.0, -1.0, 1.0]
    assert 0 < loss < np.log(5)


def test_run_time_models_never_import_scikit_learn():
    """The analyzers that apply the fitted weights load with numpy only."""
    code = ("import sys\n"
            "import presswatch.analyzers.frames, presswatch.analyzers.genre, presswatch.analyzers.places\n"
            "import presswatch.analyzers.sourcing.model, presswatch.analyzers.techniques.light\n"
            "print(sorted(m for m in ('sklearn', 'scipy.optimize') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
